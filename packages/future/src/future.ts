/**
 * The `Future` contract, as in Rust's `core::future::Future`:
 *
 * - `poll(cx)` makes as much progress as it can without blocking and returns `Poll.ready(v)` or
 *   `Poll.PENDING`. A future returns PENDING only after arranging for `cx.waker` to be woken when
 *   it can make progress; only the waker of the most recent poll needs to be woken.
 * - Futures are lazy: creating one does nothing; work starts at the first poll.
 * - Once Ready, a future must not be polled again (ours throw `PolledAfterCompletion`).
 * - A future that owns resources (sockets, timers, children) implements `[Symbol.dispose]()`;
 *   disposing an unfinished future cancels it. Disposal is how cancellation works without `Drop`.
 * - Errors are thrown from `poll`; a future that threw is finished.
 */
import type { Context } from './context.js';
import type { Poll } from './poll.js';

export interface Future<T> {
  poll(cx: Context): Poll<T>;
  [Symbol.dispose]?(): void;
}

/** The output type of a future. */
export type Output<F> = F extends Future<infer T> ? T : never;

/** Disposes a future if it owns anything. */
export function dispose(f: Future<unknown> | null | undefined): void {
  f?.[Symbol.dispose]?.();
}

/** Disposes every future in `fs`, even if some disposals throw; rethrows the first error. */
export function disposeAll(fs: Iterable<Future<unknown> | null | undefined>): void {
  let first: unknown;
  let failed = false;
  for (const f of fs) {
    try {
      dispose(f);
    } catch (err) {
      if (!failed) first = err;
      failed = true;
    }
  }
  if (failed) throw first;
}
