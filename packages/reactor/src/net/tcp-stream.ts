/**
 * An async TCP stream (tokio::net::TcpStream) over the reactor. Every operation is a lazy future;
 * `pollRead`/`pollWrite` are the allocation-free forms for protocol code. Closing (or disposing)
 * deregisters the socket and closes it. A stream dropped without close() is closed when it is
 * garbage-collected, with a `FERRITE_UNCLOSED` warning (see unclosed.ts): do not rely on it.
 *
 * ```ts
 * const stream = yield* wait(TcpStream.connect('localhost:8080'));
 * yield* wait(stream.writeAll(request));
 * const body = yield* wait(stream.readToEnd());
 * stream.close();
 * ```
 */
import { WOULD_BLOCK, net, parseHostPort, type Address, type SocketAddress, type WouldBlock } from '@ferrite/epoll';
import { BaseFuture, PENDING, Poll, dispose, type Awaitable, type Context, type Future, type Waker } from '@ferrite/future';
import { currentReactor, peekReactor } from '../current.js';
import { lookup } from '../lookup.js';
import type { Registration } from '../registration.js';
import { checkBytes, checkWaker } from '@ferrite/future/errors';
import { ReactorError } from '../errors.js';
import { IoFuture, readToEnd, writeAll } from '../io.js';
import type { Waiter } from '../waiters.js';
import { closeOnCollect, released, SocketState } from './unclosed.js';

/**
 * Where to connect: `'host:port'`, `'[v6]:port'` or `{ host, port }`, the host a name or an IP
 * literal (@ferrite/epoll's `Address`, read by its `parseHostPort`; ERR_INVALID_ADDRESS otherwise).
 */
export type HostAddress = Address;

let wrap: (raw: net.TcpStream, reg?: Registration) => TcpStream;

export class TcpStream {
  readonly #raw: net.TcpStream;
  /** The raw socket and its registration, for polling, close() and the GC safety net (never `this`). */
  readonly #state: SocketState;

  // Private: streams come from connect() and accept() (through `wrapStream`), so the public
  // type has no constructor. A wrapped stream registers with the current reactor (now, or at its
  // first poll when made outside any), and moves to another reactor polled under later.
  private constructor(raw: net.TcpStream, reg?: Registration) {
    this.#raw = raw;
    this.#state = new SocketState('TcpStream', raw, reg ?? peekReactor()?.register(raw) ?? null);
    closeOnCollect(this, this.#state);
  }

  /** Resolves the host without blocking, then tries each address in turn until one connects. */
  static connect(addr: HostAddress): Awaitable<TcpStream> {
    return new Connect(parseHostPort(addr));
  }

  get fd(): number {
    return this.#raw.fd;
  }

  /**
   * Reads into `buf`: Ready with the byte count (0 = end of stream). With no `waiter`, the
   * stream's own one is used, which keeps only the latest waker: one task at a time polls this
   * way. Several tasks may read concurrently through `read()` futures, or by each passing a
   * `Waiter` of its own. ERR_CLOSED once closed.
   */
  pollRead(cx: Context, buf: Uint8Array, waiter?: Waiter): Poll<number> {
    const reg = this.#state.registration();
    for (;;) {
      if (reg.pollReadReady(cx, waiter) === PENDING) return PENDING;
      const n = this.#raw.read(buf);
      if (n === WOULD_BLOCK) {
        reg.clearReadReady();
        continue;
      }
      // A short read drained the socket (epoll(7): a stream read returning less than asked for
      // has exhausted the input): wait for the next edge rather than pay a read that would say
      // WOULD_BLOCK, as tokio does. Data arriving meanwhile queues a new edge.
      if (n > 0 && n < buf.length) reg.clearReadReady();
      return Poll.ready(n);
    }
  }

  /** Writes from `buf`: Ready with the byte count written (at least 1 unless `buf` is empty). Waiters as for pollRead. */
  pollWrite(cx: Context, buf: Uint8Array, waiter?: Waiter): Poll<number> {
    const reg = this.#state.registration();
    for (;;) {
      if (reg.pollWriteReady(cx, waiter) === PENDING) return PENDING;
      const n = this.#raw.write(buf);
      if (n === WOULD_BLOCK) {
        reg.clearWriteReady();
        continue;
      }
      // A short write filled the send buffer: the next write would say WOULD_BLOCK (as above).
      if (n > 0 && n < buf.length) reg.clearWriteReady();
      return Poll.ready(n);
    }
  }

  /**
   * One non-blocking read now, with no task to wake later: bytes, 0 at end of stream, or
   * WOULD_BLOCK (readiness is then cleared, as a read future would). For probing, e.g. whether a
   * pooled connection is still quiet.
   */
  tryRead(buf: Uint8Array): number | WouldBlock {
    checkBytes(buf);
    const n = this.#raw.read(buf);
    if (n === WOULD_BLOCK) this.#state.reg?.clearReadReady();
    return n;
  }

  /** A future of one read into `buf` (byte count, 0 at end of stream). Several may wait at once. */
  read(buf: Uint8Array): Awaitable<number> {
    checkBytes(buf);
    return new IoFuture((cx, w) => this.pollRead(cx, buf, w));
  }

  write(buf: Uint8Array): Awaitable<number> {
    checkBytes(buf);
    return new IoFuture((cx, w) => this.pollWrite(cx, buf, w));
  }

  /** Writes all of `buf`. */
  writeAll(buf: Uint8Array): Awaitable<void> {
    checkBytes(buf);
    return writeAll(this, buf);
  }

  /** Reads until the peer closes its side; Ready with every byte. */
  readToEnd(): Awaitable<Uint8Array> {
    return readToEnd(this);
  }

  /**
   * Wakes `waker` once at the next event on the socket (data, end of stream, error) without
   * making the reactor busy; null stops watching. For idle connections kept in a pool: the pool
   * learns at once that the peer closed one, and an idle pool keeps no process alive.
   */
  watchIdle(waker: Waker | null): void {
    checkWaker(waker);
    const state = this.#state;
    if (waker === null || state.raw.fd < 0) {
      state.reg?.watchIdle(null);
      return;
    }
    let reg = state.reg;
    // Watch on the current reactor if the socket can move there; otherwise where it is.
    try {
      reg = state.registration();
    } catch {
      // in use under another reactor, or no reactor at all: keep the registration it has
    }
    reg?.watchIdle(waker);
  }

  /** Shuts down one or both directions (default: writing, so the peer sees end of stream). */
  shutdown(how: 'read' | 'write' | 'both' = 'write'): void {
    this.#raw.shutdown(how);
  }

  setNodelay(on = true): void {
    this.#raw.setNodelay(on);
  }

  localAddr(): SocketAddress {
    return this.#raw.localAddr();
  }

  peerAddr(): SocketAddress {
    return this.#raw.peerAddr();
  }

  /** Deregisters and closes the socket. Idempotent. */
  close(): void {
    released(this.#state);
    this.#state.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  static {
    wrap = (raw, reg) => new TcpStream(raw, reg);
  }
}

/** A TcpStream over a connected raw stream (for accept(), connect() and this package's tests). */
export function wrapStream(raw: net.TcpStream, reg?: Registration): TcpStream {
  return wrap(raw, reg);
}

class Connect extends BaseFuture<TcpStream> {
  readonly #host: string;
  readonly #port: number;
  #lookup: Future<{ address: string }[]> | null;
  #addresses: string[] | null = null;
  #raw: net.TcpStream | null = null;
  #reg: Registration | null = null;
  #lastError: unknown = null;
  /** The address being tried, named by its error. */
  #address = '';

  constructor({ host, port }: { host: string; port: number }) {
    super();
    this.#host = host;
    this.#port = port;
    this.#lookup = lookup(host);
  }

  protected pollOnce(cx: Context): Poll<TcpStream> {
    if (this.#addresses === null) {
      const p = this.#lookup!.poll(cx);
      if (p === PENDING) return PENDING;
      this.#lookup = null;
      this.#addresses = p.value.map((a) => a.address);
    }
    for (;;) {
      if (this.#raw === null) {
        const next = this.#addresses.shift();
        if (next === undefined) throw this.#lastError ?? new ReactorError('ENOTFOUND', `no addresses for ${this.#host}`);
        this.#address = next;
        try {
          this.#raw = net.TcpStream.connect({ host: next, port: this.#port });
          this.#reg = currentReactor().register(this.#raw);
        } catch (err) {
          this.#closeAttempt();
          this.#lastError = withAddress(err, next, this.#port);
          continue;
        }
      }
      if (this.#reg!.pollWriteReady(cx) === PENDING) return PENDING;
      const err = this.#raw.takeError();
      if (err === null) {
        // Writable with no error can still be spurious before the handshake: peerAddr() tells.
        try {
          this.#raw.peerAddr();
        } catch {
          this.#reg!.clearWriteReady();
          continue;
        }
        const stream = wrapStream(this.#raw, this.#reg!);
        this.#raw = null;
        this.#reg = null;
        return Poll.ready(stream);
      }
      this.#lastError = withAddress(err, this.#address, this.#port);
      this.#closeAttempt();
    }
  }

  #closeAttempt(): void {
    this.#reg?.deregister();
    this.#raw?.close();
    this.#reg = null;
    this.#raw = null;
  }

  protected override release(): void {
    dispose(this.#lookup);
    this.#closeAttempt();
  }
}

/**
 * Node's shape for a failed connect: `address` and `port` on the error and both in the message
 * (`connect ECONNREFUSED 127.0.0.1:8080`), so a caller knows which of a name's addresses failed.
 */
function withAddress(err: unknown, address: string, port: number): unknown {
  if (!(err instanceof Error) || (err as { address?: unknown }).address !== undefined) return err;
  const where = address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
  try {
    Object.assign(err, { address, port });
    err.message = `${err.message} (${where})`;
  } catch {
    // a frozen error keeps what it had
  }
  return err;
}
