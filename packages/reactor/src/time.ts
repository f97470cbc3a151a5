/**
 * Timers (tokio::time): `sleep(ms)`, `timeout(future, ms)`, `interval(ms)`. Deadlines start at
 * the first poll (futures are lazy) and live in the current reactor's timer heap.
 *
 * Delays are finite numbers >= 0 (ERR_INVALID_ARG_TYPE / ERR_INVALID_ARG_VALUE otherwise, thrown
 * by the call). Any finite delay is accepted: one whose deadline lies past 2^53 ms never fires
 * (see clock.ts), so `timeout(f, Number.MAX_VALUE)` is simply `f` with a timer that never comes.
 */
import { BaseFuture, PENDING, Poll, dispose, type Awaitable, type Context, type Future } from '@ferrite/future';
import { currentReactor } from './current.js';
import { ReactorError, TimeoutError } from './errors.js';
import type { Reactor } from './reactor.js';
import type { TimerEntry } from './timer-queue.js';
import { checkDelay, checkFuture, invalidArgValue } from './validate.js';

/** A timer whose reactor was closed would pend forever: say so instead. */
function checkReactor(reactor: Reactor): void {
  if (reactor.closed) throw new ReactorError('ERR_CLOSED', 'the reactor of this timer is closed');
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
    checkReactor(this.#reactor!);
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
    checkFuture(inner);
    try {
      this.#timer = new Sleep(ms);
    } catch (err) {
      dispose(inner); // refused: the future handed over is dropped, as a combinator drops a child
      throw err;
    }
    this.#inner = inner;
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
export function timeout<T>(future: Future<T>, ms: number): Awaitable<T> {
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
    checkDelay(ms, 'period');
    // 0 would make every tick due at once, forever: a busy loop, not a timer.
    if (ms === 0) throw invalidArgValue('period', 'a finite number > 0', ms);
    this.#ms = ms;
  }

  /** A future of the next tick's number (1, 2, ...). */
  tick(): Awaitable<number> {
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
    checkReactor(this.#reactor!);
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
