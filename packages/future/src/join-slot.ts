/**
 * The join protocol: a child of `join`/`joinAll`/`tryJoinAll` that implements `[POLL_JOINED]`
 * is polled through it, told "you are child `index` of `join`", and reports its own readiness
 * with `join.markReady(index)`, instead of being polled with a Context and Waker made for it.
 * The executor's JoinHandle implements it (its task calls `markReady` when it finishes), which
 * saves a context and a waker per task in a large join of spawned tasks. Other futures are
 * polled with a per-child Context as before. A join may also offer `markDone(index, value)`,
 * through which such a child hands over its value instead of waiting to be polled for it.
 *
 * Contract: `f[POLL_JOINED](join, index)` behaves exactly as `f.poll(cx)` would with a `cx` whose
 * waker calls `join.markReady(index)`.
 */
import type { Future } from './future.js';
import type { Poll } from './poll.js';

/** What a joined child reports to: its join. */
export interface JoinSlot {
  markReady(index: number): void;
  /**
   * Optional: child `index` finished with `value`. The join takes `value` as that child's output
   * and never polls the child again, so a child that learns its outcome outside a poll (a task
   * finishing on its executor) hands it over at once: no poll, no Ready, nothing to remember
   * per child. A child calls it at most once, and only for a value: an error still goes through
   * `markReady` and the join's next poll of that child.
   */
  markDone?(index: number, value: unknown): void;
}

/** The method key of the join protocol (registered, so that every copy of this package agrees). */
export const POLL_JOINED: unique symbol = Symbol.for('@ferrite/future.pollJoined') as never;

/** A future that can be polled as a child of a join without a Context of its own. */
export interface Joinable<T> extends Future<T> {
  [POLL_JOINED](join: JoinSlot, index: number): Poll<T>;
}
