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
import { net, parseHostPort, type Address, type SocketAddress } from '@ferrite/epoll';
import { BaseFuture, PENDING, Poll, dispose, type Awaitable, type Context, type Future } from '@ferrite/future';
import { currentReactor } from '../current.js';
import { lookup } from '../lookup.js';
import type { Registration } from '../registration.js';
import { ReactorError } from '../errors.js';
import { AsyncStream, pollConnected } from './stream.js';

/**
 * Where to connect: `'host:port'`, `'[v6]:port'` or `{ host, port }`, the host a name or an IP
 * literal (@ferrite/epoll's `Address`, read by its `parseHostPort`; ERR_INVALID_ADDRESS otherwise).
 */
export type HostAddress = Address;

let wrap: (raw: net.TcpStream, reg?: Registration) => TcpStream;

export class TcpStream extends AsyncStream<net.TcpStream, SocketAddress> {
  // Private: streams come from connect() and accept() (through `wrapStream`), so the public
  // type has no constructor.
  private constructor(raw: net.TcpStream, reg?: Registration) {
    super('TcpStream', raw, reg);
  }

  /** Resolves the host without blocking, then tries each address in turn until one connects. */
  static connect(addr: HostAddress): Awaitable<TcpStream> {
    return new Connect(parseHostPort(addr));
  }

  setNodelay(on = true): void {
    this.raw.setNodelay(on);
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
      const p = pollConnected(cx, this.#raw, this.#reg!);
      if (p === PENDING) return PENDING;
      const err = p.value;
      if (err === null) {
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
