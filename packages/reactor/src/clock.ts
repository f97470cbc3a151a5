/**
 * Clock: the reactor's timers (timer-queue.ts) with one timerfd armed for the earliest.
 *
 * Three rules keep a careless delay from poisoning the reactor:
 * - A deadline past `NEVER_MS` (2^53 ms of performance.now(), some 285,000 years) never comes.
 *   Such a timer is kept (it can be cancelled, `timers` counts it) but it never fires, and as it
 *   can never wake a task it does not make the reactor busy: `blockOn(sleep(1e300))` is then
 *   diagnosed like `blockOn(pending())` (ERR_DEADLOCK), and it keeps no process alive.
 * - The timerfd is never armed further than `MAX_ARM_MS` ahead (~24.8 days, Node's setTimeout
 *   limit): when that passes, nothing is due and the next deadline is armed again. So the value
 *   given to the kernel is always one it can represent, whatever the native layer does with more.
 * - `armed` is updated only after `set()` succeeded. Should arming still fail, the clock falls
 *   back to bounding epoll_wait's timeout (`waitLimit`) and retries at the next turn: a failure
 *   to arm never escapes `turn()` and never makes later turns fail.
 */
import { TimerFd } from '@ferrite/epoll';
import { TimerQueue, WEAK, type TimerEntry } from './timer-queue.js';

/** Deadlines (ms) above this never come. */
export const NEVER_MS = Number.MAX_SAFE_INTEGER;
/** The furthest the timerfd is armed ahead at once, ms. */
export const MAX_ARM_MS = 0x7fff_ffff;

export class Clock {
  readonly fd = new TimerFd();
  readonly #timers = new TimerQueue();
  /** The deadline the timerfd is armed for: Infinity when disarmed, NaN when the last arming failed. */
  #armed = Infinity;

  get size(): number {
    return this.#timers.size;
  }

  /** Timers that can wake a task: neither weak nor never firing. */
  get strong(): number {
    return this.#timers.strong;
  }

  /** Queues `entry` at `entry.deadline` (see TimerQueue.insert). */
  insert(entry: TimerEntry): void {
    const deadline = entry.deadline;
    // A never-firing timer sits at the bottom of the heap and counts as weak: it cannot wake.
    const never = !(deadline <= NEVER_MS);
    if (never) {
      entry.deadline = Infinity;
      entry.flags |= WEAK;
    }
    this.#timers.insert(entry);
    // `!(>=)` so that a NaN `armed` (a failed arming) is retried too.
    if (!never && !(deadline >= this.#armed)) this.arm();
  }

  remove(entry: TimerEntry): void {
    this.#timers.remove(entry);
    // Leave the timerfd armed: an early wake finds nothing due and re-arms for the next one.
  }

  /** The timerfd fired: it is disarmed now. */
  expired(): void {
    this.fd.read();
    this.#armed = Infinity;
  }

  fireDue(now: number): number {
    return this.#timers.fireDue(now);
  }

  /**
   * Points the timerfd at the earliest deadline rounded up to a whole millisecond (one syscall,
   * only when that changes). Every timer of that millisecond then fires in one wake, at most 1 ms
   * late and never early: the 1 ms resolution of Node's timers and tokio's wheel. Arming for each
   * sub-millisecond deadline cost a timerfd_settime and a wake-up per distinct deadline (27% of
   * the CPU of 20,000 sleeps in `node --cpu-prof`).
   *
   * Only a deadline earlier than the armed one (or a disarmed or failed timerfd) is armed: when
   * the earliest timer was cancelled (a request's timeout, as good as every request), the timerfd
   * is left to fire early, `expired()` disarms it, nothing is due (fireDue never fires early) and
   * the real earliest is armed then. One settime per expiry instead of one per cancellation (the
   * keep-alive HTTP client made 0.21 per request); with no timer left it is not cleared either.
   */
  arm(): void {
    const next = Math.ceil(this.#timers.nextDeadline);
    // `>=` is false for a NaN `armed` (a failed arming): retried.
    if (next >= this.#armed) return;
    try {
      if (next === Infinity) this.fd.clear(); // only after a failed arming: a known state again
      else this.fd.set(Math.min(Math.max(0, next - performance.now()), MAX_ARM_MS));
      this.#armed = next;
    } catch {
      // Unknown kernel state: waitLimit() now bounds the wait, and the next arm() tries again.
      this.#armed = NaN;
    }
  }

  /** epoll_wait's timeout: `timeoutMs`, or less while the timerfd could not be armed. */
  waitLimit(timeoutMs: number | null): number | null {
    if (!Number.isNaN(this.#armed)) return timeoutMs;
    const next = this.#timers.nextDeadline;
    if (next === Infinity) return timeoutMs;
    const left = Math.min(Math.max(0, next - performance.now()), MAX_ARM_MS);
    return timeoutMs === null || timeoutMs === undefined || timeoutMs > left ? left : timeoutMs;
  }

  close(): void {
    this.fd.close();
  }
}
