/**
 * One HTTP/1.1 connection: a socket and its read buffer. The buffer holds at most one head
 * (bounded by maxHeaderSize) plus what one read brings; body bytes are handed on as they arrive.
 */
import { PENDING, Poll, Waker, type Context } from '@ferrite/future';
import { WOULD_BLOCK, type Reactor, type TcpStream, type TimerEntry } from '@ferrite/reactor';

const PROBE = new Uint8Array(1);

export class Connection {
  readonly stream: TcpStream;
  readonly origin: string;
  buf: Buffer = Buffer.allocUnsafe(16 * 1024);
  start = 0;
  end = 0;
  /** performance.now() after which an idle connection is not reused. */
  idleUntil = 0;
  /** Requests completed on this connection (0: fresh). */
  served = 0;
  closed = false;
  /** While idle in a pool: the weak timer that evicts it at idleUntil. */
  idleTimer: { reactor: Reactor; entry: TimerEntry } | null = null;
  /** The eviction waker, made at the first park and reused for every later one. */
  #evictWaker: Waker | null = null;

  constructor(stream: TcpStream, origin: string) {
    this.stream = stream;
    this.origin = origin;
    stream.setNodelay(true);
  }

  /** Reads more bytes into the buffer: Ready with the count (0 = the server closed). */
  pollFill(cx: Context, maxBuffered: number): Poll<number> {
    if (this.start === this.end) this.start = this.end = 0;
    if (this.end === this.buf.length) {
      if (this.start > 0) {
        this.buf.copy(this.buf, 0, this.start, this.end);
        this.end -= this.start;
        this.start = 0;
      } else {
        const grown = Buffer.allocUnsafe(Math.min(this.buf.length * 2, Math.max(maxBuffered, this.buf.length) + 16 * 1024));
        this.buf.copy(grown, 0, 0, this.end);
        this.buf = grown;
      }
    }
    const p = this.stream.pollRead(cx, this.buf.subarray(this.end));
    if (p !== PENDING) this.end += p.value;
    return p;
  }

  /**
   * True if an idle connection can carry a request: the server has not closed it, sent
   * anything unasked, and it has not been idle too long. Probing reads without blocking.
   */
  isReusable(now: number): boolean {
    if (this.closed || now > this.idleUntil || this.start !== this.end) return false;
    try {
      // Anything readable on an idle connection (data or EOF) means it cannot be used.
      return this.stream.tryRead(PROBE) === WOULD_BLOCK;
    } catch {
      return false;
    }
  }

  /**
   * Parked in its pool: `evict` runs as soon as the server closes the connection or sends anything
   * (an idle watch on the socket), or when it has been idle too long (a weak timer). Both live in
   * `reactor`, the one the socket is registered with (its pool's), and neither keeps it busy, so
   * an idle pool keeps no process alive.
   */
  parkIdle(reactor: Reactor, evict: () => void): void {
    const waker = (this.#evictWaker ??= Waker.from(evict));
    this.stream.watchIdle(waker);
    this.idleTimer = { reactor, entry: reactor.addTimer(this.idleUntil, waker, true) };
  }

  /** Taken out of the pool (or closed): stop the idle watch and timer. */
  unpark(): void {
    this.stream.watchIdle(null);
    if (this.idleTimer !== null) this.idleTimer.reactor.removeTimer(this.idleTimer.entry);
    this.idleTimer = null;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unpark();
    this.stream.close();
  }
}
