/**
 * `interval(ms)` (tokio::time::interval): a tick every `ms`, on fixed deadlines (start + k·ms)
 * in the heap of the reactor current at the first `tick()` poll.
 */
import { BaseFuture, PENDING, Poll, type Awaitable, type Context } from '@ferrite/future';
import { checkDelay, invalidArgValue } from '@ferrite/future/errors';
import { currentReactor } from './current.js';
import type { Reactor } from './reactor.js';
import { checkReactor } from './time.js';
import { hasFired, timerEntry, type TimerEntry } from './timer-queue.js';

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
      const reactor = (this.#reactor = currentReactor());
      const entry = timerEntry(this.#interval.deadline(), cx.waker, false);
      reactor.insertTimer(entry);
      this.#entry = entry;
    }
    if (hasFired(this.#entry) || this.#entry.deadline <= performance.now()) {
      this.#reactor!.removeTimer(this.#entry);
      return Poll.ready(this.#interval.advance(this));
    }
    checkReactor(this.#reactor!);
    this.#entry.target = cx.waker;
    return PENDING;
  }

  protected override release(): void {
    if (this.#entry !== null) this.#reactor!.removeTimer(this.#entry);
  }
}

export function interval(ms: number): Interval {
  return new Interval(ms);
}
