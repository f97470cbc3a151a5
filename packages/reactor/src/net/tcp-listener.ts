/**
 * An async TCP listener (tokio::net::TcpListener): `accept()` is a future of the next connection.
 * Like a stream, a listener dropped without close() is closed when collected, with a
 * `FERRITE_UNCLOSED` warning.
 */
import { WOULD_BLOCK, net, type SocketAddress } from '@ferrite/epoll';
import { BaseFuture, PENDING, Poll, type Context, type Future } from '@ferrite/future';
import { currentReactor } from '../current.js';
import type { Registration } from '../registration.js';
import { TcpStream } from './tcp-stream.js';
import { closeOnCollect, released, SocketState } from './unclosed.js';

export class TcpListener {
  readonly #raw: net.TcpListener;
  #reg: Registration | null = null;
  /** The raw socket and registration again, for close() and the GC safety net (never `this`). */
  readonly #state: SocketState;

  private constructor(raw: net.TcpListener) {
    this.#raw = raw;
    this.#state = new SocketState('TcpListener', raw, null);
    closeOnCollect(this, this.#state);
  }

  /** Binds and listens now (an IP literal address); registers with the reactor at the first accept. */
  static bind(addr: string | { host: string; port: number }, opts?: net.BindOptions): TcpListener {
    return new TcpListener(net.TcpListener.bind(addr, opts));
  }

  pollAccept(cx: Context): Poll<[TcpStream, SocketAddress]> {
    if (this.#reg === null) this.#reg = this.#state.reg = currentReactor().register(this.#raw);
    for (;;) {
      if (this.#reg.pollReadReady(cx) === PENDING) return PENDING;
      const r = this.#raw.accept();
      if (r !== WOULD_BLOCK) return Poll.ready([new TcpStream(r[0]), r[1]]);
      this.#reg.clearReadReady();
    }
  }

  accept(): Future<[TcpStream, SocketAddress]> {
    return new Accept(this);
  }

  localAddr(): SocketAddress {
    return this.#raw.localAddr();
  }

  get fd(): number {
    return this.#raw.fd;
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

class Accept extends BaseFuture<[TcpStream, SocketAddress]> {
  constructor(readonly listener: TcpListener) {
    super();
  }

  protected pollOnce(cx: Context): Poll<[TcpStream, SocketAddress]> {
    return this.listener.pollAccept(cx);
  }
}
