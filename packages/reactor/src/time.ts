/**
 * Timers (tokio::time, async-io's `Timer`): `sleep(ms)`, `sleepUntil(deadline, opts)`,
 * `timeout(future, ms)`. A delay starts at the first poll (futures are lazy); every timer lives in
 * the heap of the reactor current at its first poll (or the one given to `sleepUntil`).
 *
 * Delays are finite numbers >= 0 (ERR_INVALID_ARG_TYPE / ERR_INVALID_ARG_VALUE otherwise, thrown
 * by the call). Any finite delay is accepted: one whose deadline lies past 2^53 ms never fires
 * (see clock.ts), so `timeout(f, Number.MAX_VALUE)` is simply `f` with a timer that never comes.
 */
import { BaseFuture, PENDING, POLL_JOINED, Poll, dispose, type Awaitable, type Context, type Future, type JoinSlot, type Waker } from '@ferrite/future';
import { checkDelay, checkFuture, checkObject, invalidArgType, invalidArgValue } from '@ferrite/future/errors';
import { currentReactor } from './current.js';
import { closedError, TimeoutError } from './errors.js';
import { Reactor } from './reactor.js';
import { FIRED, WEAK, type TimerEntry } from './timer-queue.js';

const READY: Poll<void> = Poll.ready(undefined);
/** A Sleep's flag (beside WEAK): `deadline` is absolute from the start (sleepUntil). */
const ABSOLUTE = 2;

/** A timer whose reactor was closed would pend forever: say so instead. */
export function checkReactor(reactor: Reactor): void {
  if (reactor.closed) throw closedError('the reactor of this timer is closed');
}

/** Options of `sleepUntil`. */
export interface SleepOptions {
  /**
   * A weak timer does not make its reactor busy: it fires when the reactor runs anyway (other
   * work, or an executor parked on it), but alone it keeps no `blockOn` from reporting
   * ERR_DEADLOCK and no run-mode process alive. For housekeeping (evicting idle pooled
   * connections), never for a deadline a task must see. Default false.
   */
  weak?: boolean;
  /** The reactor whose heap holds the timer; default: the reactor current at the first poll. */
  reactor?: Reactor;
}

/**
 * A future that completes at its deadline. The first poll arms the timer with that poll's waker
 * (and returns PENDING, even for a deadline already past: it then fires at the reactor's next
 * turn); later polls replace the waker; disposing it cancels the timer.
 *
 * A Sleep is its own timer-queue entry (the internal fields below): a pending sleep is one
 * object of seven fields, not a future and an entry, which is what 100,000 of them cost the
 * garbage collector.
 */
export class Sleep extends BaseFuture<void> {
  /** @internal Before the first poll: the delay (`sleep`) or the deadline (ABSOLUTE, `sleepUntil`); then the deadline. */
  deadline: number;
  /** @internal Who the timer tells: a waker (index -1) or a join slot (see TimerEntry). */
  target: Waker | JoinSlot | null = null;
  /** @internal */
  index = -1;
  /** @internal Null until the first poll queues it (see TimerEntry). */
  bucket: TimerEntry['bucket'] = null;
  /** @internal WEAK and ABSOLUTE. */
  flags: number;
  /** Where the timer lives: given, or the reactor current at the first poll. */
  #reactor: Reactor | null;

  /** @internal Made by `sleep` and `sleepUntil`, which check the arguments. */
  constructor(at: number, absolute: boolean, weak: boolean, reactor: Reactor | null) {
    super();
    this.deadline = at;
    this.flags = (weak ? WEAK : 0) | (absolute ? ABSOLUTE : 0);
    this.#reactor = reactor;
  }

  protected pollOnce(cx: Context): Poll<void> {
    return this.#step(cx.waker, null, -1);
  }

  /**
   * The join protocol (`POLL_JOINED` of @ferrite/future): in a join of many sleeps, the timer
   * tells the join itself when it fires, so no context or waker is made per sleep.
   */
  [POLL_JOINED](join: JoinSlot, index: number): Poll<void> {
    return this.pollJoined(join, index);
  }

  protected override pollOnceJoined(join: JoinSlot, index: number): Poll<void> {
    return this.#step(null, join, index);
  }

  /** Arms the timer (first poll) or updates who is told, with a waker or a join slot. */
  #step(waker: Waker | null, join: JoinSlot | null, index: number): Poll<void> {
    const b = this.bucket;
    if (b === null) {
      const reactor = (this.#reactor ??= currentReactor());
      if ((this.flags & ABSOLUTE) === 0) this.deadline += performance.now();
      this.target = join ?? waker;
      this.index = index;
      reactor.insertTimer(this);
      return PENDING;
    }
    if (b === FIRED) return READY;
    checkReactor(this.#reactor!);
    if (join !== null) {
      this.target = join;
      this.index = index;
    } else if (this.index >= 0 || !(this.target as Waker).willWake(waker!)) {
      this.target = waker;
      this.index = -1;
    }
    return PENDING;
  }

  protected override release(): void {
    if (this.bucket !== null) this.#reactor!.removeTimer(this);
  }
}

/** Completes `ms` milliseconds (a finite number >= 0) after its first poll. */
export function sleep(ms: number): Sleep {
  checkDelay(ms);
  return new Sleep(ms, false, false, null);
}

/**
 * Completes at `deadline`, a `performance.now()` time in ms (async-io's `Timer::at`); a deadline
 * past 2^53 ms never comes. With `{ weak: true }` it does not keep the reactor busy; with
 * `{ reactor }` it lives in that reactor rather than the current one. Any Context may poll it:
 * its waker is what the deadline wakes.
 *
 * ```ts
 * // Run `evict` at `idleUntil` if the reactor is running then; keep nothing alive for it.
 * const timer = sleepUntil(idleUntil, { weak: true, reactor });
 * timer.poll(new Context(Waker.from(evict)));   // armed
 * timer[Symbol.dispose]();                        // cancelled (no timer left)
 * ```
 */
export function sleepUntil(deadline: number, opts?: SleepOptions): Sleep {
  if (typeof deadline !== 'number') throw invalidArgType('deadline', 'a number (performance.now() ms)', deadline);
  if (Number.isNaN(deadline)) throw invalidArgValue('deadline', 'a number, not NaN', deadline);
  const { weak = false, reactor } = checkObject(opts) as SleepOptions;
  if (typeof weak !== 'boolean') throw invalidArgType('options.weak', 'a boolean', weak);
  if (reactor !== undefined && !(reactor instanceof Reactor)) throw invalidArgType('options.reactor', 'a Reactor', reactor);
  return new Sleep(deadline, true, weak, reactor ?? null);
}

class Timeout<T> extends BaseFuture<T> {
  readonly #inner: Future<T>;
  readonly #timer: Sleep;
  readonly #ms: number;

  constructor(inner: Future<T>, ms: number) {
    super();
    checkFuture(inner);
    try {
      this.#timer = sleep(ms);
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
