/**
 * An async TCP listener (tokio::net::TcpListener): `accept()` is a future of the next connection.
 * Like a stream, a listener dropped without close() is closed when collected, with a
 * `FERRITE_UNCLOSED` warning.
 */
import { WOULD_BLOCK, net, type SocketAddress } from '@ferrite/epoll';
import { BaseFuture, PENDING, Poll, type Awaitable, type Context } from '@ferrite/future';
import { Waiter } from '../waiters.js';
import { wrapStream, type TcpStream } from './tcp-stream.js';
import { closeOnCollect, released, SocketState } from './unclosed.js';

export class TcpListener {
  readonly #raw: net.TcpListener;
  /** The raw socket and its registration, for polling, close() and the GC safety net (never `this`). */
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

  /**
   * The next connection, or PENDING. With no `waiter` the listener's own one is used (latest
   * waker only); several tasks may accept concurrently through `accept()` futures, each woken
   * when connections arrive. ERR_CLOSED once the listener is closed (also for a waiting accept).
   */
  pollAccept(cx: Context, waiter?: Waiter): Poll<[TcpStream, SocketAddress]> {
    const reg = this.#state.registration();
    for (;;) {
      if (reg.pollReadReady(cx, waiter) === PENDING) return PENDING;
      const r = this.#raw.accept();
      if (r !== WOULD_BLOCK) return Poll.ready([wrapStream(r[0]), r[1]]);
      reg.clearReadReady();
    }
  }

  /** A future of the next connection and its peer address. Several may wait at once. */
  accept(): Awaitable<[TcpStream, SocketAddress]> {
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
  /** This accept's place among the listener's acceptors. */
  readonly #waiter = new Waiter();

  constructor(readonly listener: TcpListener) {
    super();
  }

  protected pollOnce(cx: Context): Poll<[TcpStream, SocketAddress]> {
    const p = this.listener.pollAccept(cx, this.#waiter);
    if (p !== PENDING) this.#waiter.remove();
    return p;
  }

  protected override release(): void {
    this.#waiter.remove();
  }
}
