/**
 * Timers (tokio::time): `sleep(ms)`, `timeout(future, ms)`, `interval(ms)`. Deadlines start at
 * the first poll (futures are lazy) and live in the current reactor's timer heap.
 */
import { BaseFuture, PENDING, Poll, dispose, type Context, type Future } from '@ferrite/future';
import { currentReactor } from './current.js';
import { TimeoutError } from './errors.js';
import type { Reactor } from './reactor.js';
import type { TimerEntry } from './timer-queue.js';

function checkDelay(ms: number): void {
  if (typeof ms !== 'number' || !(ms >= 0) || ms === Infinity) {
    throw Object.assign(new RangeError(`delay must be a finite number >= 0, got ${String(ms)}`), { code: 'ERR_INVALID_ARG_VALUE' });
  }
}

/** A future that completes `ms` milliseconds after its first poll. Disposing it cancels the timer. */
export class Sleep extends BaseFuture<void> {
  readonly #ms: number;
  #reactor: Reactor | null = null;
  #entry: TimerEntry | null = null;

  constructor(ms: number) {
    super();
    checkDelay(ms);
    this.#ms = ms;
  }

  protected pollOnce(cx: Context): Poll<void> {
    let entry = this.#entry;
    if (entry === null) {
      this.#reactor = currentReactor();
      entry = this.#entry = this.#reactor.addTimer(performance.now() + this.#ms, cx.waker);
      return PENDING;
    }
    if (entry.fired) return Poll.ready(undefined);
    if (entry.waker === null || !entry.waker.willWake(cx.waker)) entry.waker = cx.waker;
    return PENDING;
  }

  protected override release(): void {
    if (this.#entry !== null) this.#reactor!.removeTimer(this.#entry);
  }
}

export function sleep(ms: number): Sleep {
  return new Sleep(ms);
}

class Timeout<T> extends BaseFuture<T> {
  readonly #inner: Future<T>;
  readonly #timer: Sleep;
  readonly #ms: number;

  constructor(inner: Future<T>, ms: number) {
    super();
    this.#inner = inner;
    this.#timer = new Sleep(ms);
    this.#ms = ms;
  }

  protected pollOnce(cx: Context): Poll<T> {
    const p = this.#inner.poll(cx);
    if (p !== PENDING) {
      this.#timer[Symbol.dispose]();
      return p;
    }
    if (this.#timer.poll(cx) === PENDING) return PENDING;
    dispose(this.#inner);
    throw new TimeoutError(this.#ms);
  }

  protected override release(): void {
    this.#timer[Symbol.dispose]();
    dispose(this.#inner);
  }
}

/** `future`'s output, or a `TimeoutError` (code ERR_TIMEOUT) after `ms`; then `future` is disposed. */
export function timeout<T>(future: Future<T>, ms: number): Future<T> {
  return new Timeout(future, ms);
}

/**
 * Ticks every `ms` milliseconds, the first `ms` after the first `tick()` is polled. Deadlines
 * are fixed (start + k·ms), so ticks do not drift; missed ticks fire at once, in a burst.
 */
export class Interval {
  readonly #ms: number;
  #next = -1;
  #count = 0;
  #pending: TickFuture | null = null;

  constructor(ms: number) {
    checkDelay(ms);
    if (ms === 0) throw Object.assign(new RangeError('interval period must be > 0'), { code: 'ERR_INVALID_ARG_VALUE' });
    this.#ms = ms;
  }

  /** A future of the next tick's number (1, 2, ...). */
  tick(): Future<number> {
    const t = new TickFuture(this);
    this.#pending = t;
    return t;
  }

  /** @internal */
  deadline(): number {
    if (this.#next < 0) this.#next = performance.now() + this.#ms;
    return this.#next;
  }

  /** @internal */
  advance(t: TickFuture): number {
    this.#next += this.#ms;
    if (this.#pending === t) this.#pending = null;
    return ++this.#count;
  }
}

class TickFuture extends BaseFuture<number> {
  readonly #interval: Interval;
  #reactor: Reactor | null = null;
  #entry: TimerEntry | null = null;

  constructor(interval: Interval) {
    super();
    this.#interval = interval;
  }

  protected pollOnce(cx: Context): Poll<number> {
    if (this.#entry === null) {
      this.#reactor = currentReactor();
      this.#entry = this.#reactor.addTimer(this.#interval.deadline(), cx.waker);
    }
    if (this.#entry.fired || this.#entry.deadline <= performance.now()) {
      this.#reactor!.removeTimer(this.#entry);
      return Poll.ready(this.#interval.advance(this));
    }
    this.#entry.waker = cx.waker;
    return PENDING;
  }

  protected override release(): void {
    if (this.#entry !== null) this.#reactor!.removeTimer(this.#entry);
  }
}

export function interval(ms: number): Interval {
  return new Interval(ms);
}
