/**
 * ManualClock: simulated time for tests and examples. `sleep(ms)` futures complete when the test
 * advances the clock past their deadline; nothing depends on the real time.
 */
import type { Context } from '../context.js';
import { BaseFuture } from '../base.js';
import { PENDING, Poll } from '../poll.js';
import type { Awaitable } from '../await.js';
import type { Waker } from '../waker.js';

interface Sleeper {
  deadline: number;
  waker: Waker | null;
}

export class ManualClock {
  /** Simulated milliseconds since the clock was made. */
  now = 0;
  readonly #sleepers = new Set<Sleeper>();

  /** A future that is Ready once `now` has reached (creation-at-first-poll time + ms). */
  sleep(ms: number): Awaitable<void> {
    return new ClockSleep(this, ms);
  }

  /** The earliest pending deadline, or null if nothing sleeps. */
  nextDeadline(): number | null {
    let next: number | null = null;
    for (const s of this.#sleepers) if (next === null || s.deadline < next) next = s.deadline;
    return next;
  }

  /** Moves time forward by `ms` (or to the next deadline) and wakes every sleeper now due. */
  advance(ms?: number): void {
    const target = ms === undefined ? (this.nextDeadline() ?? this.now) : this.now + ms;
    this.now = Math.max(this.now, target);
    for (const s of [...this.#sleepers]) {
      if (s.deadline <= this.now) {
        this.#sleepers.delete(s);
        s.waker?.wake();
      }
    }
  }

  /** @internal */
  add(s: Sleeper): void {
    this.#sleepers.add(s);
  }

  /** @internal */
  remove(s: Sleeper): void {
    this.#sleepers.delete(s);
  }
}

class ClockSleep extends BaseFuture<void> {
  readonly #clock: ManualClock;
  readonly #ms: number;
  #entry: Sleeper | null = null;

  constructor(clock: ManualClock, ms: number) {
    super();
    this.#clock = clock;
    this.#ms = ms;
  }

  protected pollOnce(cx: Context): Poll<void> {
    // The deadline starts at the first poll: futures are lazy.
    if (this.#entry === null) {
      this.#entry = { deadline: this.#clock.now + this.#ms, waker: null };
      this.#clock.add(this.#entry);
    }
    if (this.#clock.now >= this.#entry.deadline) {
      this.#clock.remove(this.#entry);
      return Poll.ready(undefined);
    }
    this.#entry.waker = cx.waker;
    return PENDING;
  }

  protected override release(): void {
    if (this.#entry !== null) this.#clock.remove(this.#entry);
  }
}
