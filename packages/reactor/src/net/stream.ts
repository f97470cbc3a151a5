/**
 * What the reactor's TcpStream and UnixStream share: an async byte stream over a raw
 * @ferrite/epoll stream socket (`net.TcpStream` or `net.UnixStream`), registered with the reactor
 * it is polled under. One copy of the read/write/close logic for both families; each subclass
 * adds only how it connects (and TCP its `setNodelay`).
 */
import { WOULD_BLOCK, type net, type SystemError, type WouldBlock } from '@ferrite/epoll';
import { PENDING, Poll, type Awaitable, type Context, type Waker } from '@ferrite/future';
import { checkBytes, checkWaker } from '@ferrite/future/errors';
import { peekReactor } from '../current.js';
import { readOnce, readToEnd, writeAll, writeOnce } from '../io.js';
import type { Registration } from '../registration.js';
import type { Waiter } from '../waiters.js';
import { closeOnCollect, released, SocketState } from './unclosed.js';

/** A raw non-blocking stream socket of @ferrite/epoll. */
export type RawStream = net.TcpStream | net.UnixStream;

export abstract class AsyncStream<Raw extends RawStream, Addr> {
  readonly #raw: Raw;
  /** The raw socket and its registration, for polling, close() and the GC safety net (never `this`). */
  readonly #state: SocketState;

  // A wrapped stream registers with the current reactor (now, or at its first poll when made
  // outside any), and moves to another reactor polled under later.
  protected constructor(kind: 'TcpStream' | 'UnixStream', raw: Raw, reg?: Registration) {
    this.#raw = raw;
    this.#state = new SocketState(kind, raw, reg ?? peekReactor()?.register(raw) ?? null);
    closeOnCollect(this, this.#state);
  }

  /** @internal The raw socket, for the subclass's own options (TCP_NODELAY). */
  protected get raw(): Raw {
    return this.#raw;
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
    return readOnce(this, buf);
  }

  write(buf: Uint8Array): Awaitable<number> {
    checkBytes(buf);
    return writeOnce(this, buf);
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

  localAddr(): Addr {
    return this.#raw.localAddr() as Addr;
  }

  peerAddr(): Addr {
    return this.#raw.peerAddr() as Addr;
  }

  /** Deregisters and closes the socket. Idempotent. */
  close(): void {
    released(this.#state);
    this.#state.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

}

/**
 * Polls a non-blocking connect to its end: Ready(null) once connected, Ready(error) when it
 * failed (the socket's SO_ERROR), PENDING until then.
 */
export function pollConnected(cx: Context, raw: RawStream, reg: Registration): Poll<SystemError | null> {
  for (;;) {
    if (reg.pollWriteReady(cx) === PENDING) return PENDING;
    const err = raw.takeError();
    if (err !== null) return Poll.ready(err);
    // Writable with no error can still be spurious before the handshake: peerAddr() tells.
    try {
      raw.peerAddr();
      return Poll.ready(null);
    } catch {
      reg.clearWriteReady();
    }
  }
}
