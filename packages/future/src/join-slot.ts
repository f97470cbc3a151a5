/**
 * The join protocol: a child of `join`/`joinAll`/`tryJoinAll` that implements `[POLL_JOINED]`
 * is polled through it, told "you are child `index` of `join`", and reports its own readiness
 * with `join.markReady(index)`, instead of being polled with a Context and Waker made for it.
 * The executor's JoinHandle implements it (its task calls `markReady` when it finishes), which
 * saves a context and a waker per task in a large join of spawned tasks. Other futures are
 * polled with a per-child Context as before.
 *
 * Contract: `f[POLL_JOINED](join, index)` behaves exactly as `f.poll(cx)` would with a `cx` whose
 * waker calls `join.markReady(index)`.
 */
import type { Future } from './future.js';
import type { Poll } from './poll.js';

/** What a joined child reports to: its join. */
export interface JoinSlot {
  markReady(index: number): void;
}

/** The method key of the join protocol (registered, so that every copy of this package agrees). */
export const POLL_JOINED: unique symbol = Symbol.for('@ferrite/future.pollJoined') as never;

/** A future that can be polled as a child of a join without a Context of its own. */
export interface Joinable<T> extends Future<T> {
  [POLL_JOINED](join: JoinSlot, index: number): Poll<T>;
}
