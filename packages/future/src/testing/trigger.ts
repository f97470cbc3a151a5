/** Trigger: a leaf future completed by hand. Records what happened to it, for tests. */
import { thenFuture } from '../await.js';
import type { Context } from '../context.js';
import { PolledAfterCompletion } from '../future-error.js';
import type { Future } from '../future.js';
import { PENDING, Poll } from '../poll.js';
import type { Waker } from '../waker.js';

export class Trigger<T = void> implements Future<T>, PromiseLike<T> {
  /** How many times it was polled. */
  polls = 0;
  /** How many times it was disposed. */
  disposals = 0;
  /** The waker of the most recent pending poll, or null. */
  waker: Waker | null = null;
  #outcome: { ok: true; value: T } | { ok: false; error: unknown } | null = null;
  #done = false;

  poll(cx: Context): Poll<T> {
    if (this.#done) throw new PolledAfterCompletion('Trigger');
    this.polls++;
    const outcome = this.#outcome;
    if (outcome === null) {
      this.waker = cx.waker;
      return PENDING;
    }
    this.#done = true;
    this.waker = null;
    if (!outcome.ok) throw outcome.error;
    return Poll.ready(outcome.value);
  }

  /** Completes with `value` and wakes the last waker. */
  resolve(value: T): void {
    this.#outcome = { ok: true, value };
    this.waker?.wake();
  }

  /** Completes with an error (thrown from the next poll) and wakes the last waker. */
  reject(error: unknown): void {
    this.#outcome = { ok: false, error };
    this.waker?.wake();
  }

  /** Awaitable like every ferrite future (run by the await driver; see `toPromise`). */
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return thenFuture(this, onFulfilled, onRejected);
  }

  [Symbol.dispose](): void {
    if (this.#done) return;
    this.#done = true;
    this.disposals++;
    this.waker = null;
  }
}
