/**
 * What the reactor's TcpListener and UnixListener share: `accept()` futures over a raw
 * @ferrite/epoll listener, registered with the reactor at the first accept. Each subclass says
 * how it binds and how an accepted raw stream becomes its async stream.
 */
import { WOULD_BLOCK, type SocketAddress, type UnixSocketAddress, type WouldBlock } from '@ferrite/epoll';
import { PENDING, Poll, type Awaitable, type Context } from '@ferrite/future';
import { IoFuture } from '../io.js';
import type { Waiter } from '../waiters.js';
import { closeOnCollect, released, SocketState } from './unclosed.js';

/** A raw non-blocking listener of @ferrite/epoll (`net.TcpListener`, `net.UnixListener`). */
interface RawListener<R, Addr> {
  readonly fd: number;
  accept(): [R, Addr] | WouldBlock;
  localAddr(): Addr;
  close(): void;
}

export abstract class AsyncListener<R, S, Addr extends SocketAddress | UnixSocketAddress> {
  readonly #raw: RawListener<R, Addr>;
  /** The raw socket and its registration, for polling, close() and the GC safety net (never `this`). */
  readonly #state: SocketState;
  readonly #wrap: (raw: R) => S;

  protected constructor(kind: 'TcpListener' | 'UnixListener', raw: RawListener<R, Addr>, wrap: (raw: R) => S) {
    this.#raw = raw;
    this.#wrap = wrap;
    this.#state = new SocketState(kind, raw, null);
    closeOnCollect(this, this.#state);
  }

  /**
   * The next connection, or PENDING. With no `waiter` the listener's own one is used (latest
   * waker only); several tasks may accept concurrently through `accept()` futures, each woken
   * when connections arrive. ERR_CLOSED once the listener is closed (also for a waiting accept).
   */
  pollAccept(cx: Context, waiter?: Waiter): Poll<[S, Addr]> {
    const reg = this.#state.registration();
    for (;;) {
      if (reg.pollReadReady(cx, waiter) === PENDING) return PENDING;
      const r = this.#raw.accept();
      if (r !== WOULD_BLOCK) return Poll.ready([this.#wrap(r[0]), r[1]]);
      reg.clearReadReady();
    }
  }

  /** A future of the next connection and its peer address. Several may wait at once. */
  accept(): Awaitable<[S, Addr]> {
    return new IoFuture((cx, w) => this.pollAccept(cx, w));
  }

  localAddr(): Addr {
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
