/**
 * One HTTP/1.1 connection: a socket, its read buffer, and its idle life in a pool. Exchange reads
 * through `input`; Pool parks and unparks it. Nothing else writes its state.
 */
import { Context, PENDING, Waker } from '@ferrite/future';
import { WOULD_BLOCK, sleepUntil, type Reactor, type Sleep, type TcpStream, type UnixStream } from '@ferrite/reactor';
import type { TlsStream } from '@ferrite/tls';
import { ReadBuffer } from './read-buffer.js';

const PROBE = new Uint8Array(1);

/**
 * What a connection runs on: the reactor's TcpStream (`http:`), its UnixStream (`socketPath`) or
 * @ferrite/tls's TlsStream (`https:`), which have the same poll methods. A TlsStream's `pollWrite` may keep ciphertext
 * until the next poll; the exchange always reads next, and a read flushes first.
 */
export type Transport = TcpStream | UnixStream | TlsStream;

export class Connection {
  readonly stream: Transport;
  readonly origin: string;
  /** Bytes read and not yet consumed by an exchange. */
  readonly input = new ReadBuffer();
  /** performance.now() after which an idle connection is not reused. */
  #idleUntil = 0;
  #closed = false;
  #sessionTaken = false;
  /** While parked: the weak timer that evicts it at #idleUntil. */
  #idleTimer: Sleep | null = null;
  /** While parked: what to run to evict it. */
  #evict: (() => void) | null = null;
  /** The eviction waker (and a Context for it), made at the first park and reused for every later one. */
  #evictWaker: Waker | null = null;
  #evictCx: Context | null = null;

  constructor(stream: Transport, origin: string) {
    this.stream = stream;
    this.origin = origin;
    if ('setNodelay' in stream) stream.setNodelay(true); // TCP and TLS; a Unix socket has no Nagle
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * TLS: the session later connections to the origin can resume, once (null until the server
   * sent one — in TLS 1.3 after the handshake —, after it was taken, and for plain TCP).
   * Serializing it costs an allocation, so a connection hands it over once.
   */
  takeSession(): Uint8Array | null {
    if (this.#sessionTaken || this.#closed || !('session' in this.stream)) return null;
    const session = this.stream.session;
    if (session !== null) this.#sessionTaken = true;
    return session;
  }

  /** performance.now() until which it may be reused (set by `keepFor`). */
  get idleUntil(): number {
    return this.#idleUntil;
  }

  /** The response is complete and the connection goes back to a pool: reusable for `ttlMs` from now. */
  keepFor(ttlMs: number): void {
    this.#idleUntil = performance.now() + ttlMs;
  }

  /**
   * True if an idle connection can carry a request: the server has not closed it, sent
   * anything unasked, and it has not been idle too long. Probing reads without blocking.
   */
  isReusable(now: number): boolean {
    if (this.#closed || now > this.#idleUntil || this.input.length > 0) return false;
    return this.#quiet();
  }

  /**
   * Parked in its pool: `evict` runs as soon as the server closes the connection or sends anything
   * (an idle watch on the socket), or when it has been idle too long (a weak timer). Both live in
   * `reactor`, the one the socket is registered with (its pool's), and neither keeps it busy, so
   * an idle pool keeps no process alive.
   */
  parkIdle(reactor: Reactor, evict: () => void): void {
    this.#evict = evict;
    const waker = (this.#evictWaker ??= Waker.from(() => this.#onIdleEvent()));
    this.stream.watchIdle(waker);
    this.#idleTimer = sleepUntil(this.#idleUntil, { weak: true, reactor });
    this.#idleTimer.poll((this.#evictCx ??= new Context(waker))); // armed; dispose cancels
  }

  /** Taken out of the pool (or closed): stop the idle watch and timer. */
  unpark(): void {
    this.#evict = null;
    this.stream.watchIdle(null);
    this.#idleTimer?.[Symbol.dispose]();
    this.#idleTimer = null;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.unpark();
    this.stream.close();
    this.input.release();
  }

  /**
   * An event while parked. Readiness can be spurious (a writable edge as the last request's bytes
   * are acknowledged, an edge the kernel reports twice): only an expired idle time, end of
   * stream, an error or unsolicited bytes evict; otherwise the watch is armed again.
   */
  #onIdleEvent(): void {
    const evict = this.#evict;
    if (evict === null || this.#closed) return;
    // The timer, not the clock, says whether the idle time is over: a timer that fired a hair
    // before idleUntil by performance.now() must still evict, or the socket would linger.
    const timer = this.#idleTimer;
    const expired = timer === null || timer.poll(this.#evictCx!) !== PENDING;
    if (!expired && this.#quiet()) {
      this.stream.watchIdle(this.#evictWaker);
      return;
    }
    evict();
  }

  /** Nothing to read (no data, no end of stream, no error) without blocking. */
  #quiet(): boolean {
    try {
      return this.stream.tryRead(PROBE) === WOULD_BLOCK;
    } catch {
      return false;
    }
  }
}
