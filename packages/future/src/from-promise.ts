/**
 * `fromPromise`: a leaf future completed by a promise. The promise's callbacks wake the task, so
 * this future only makes progress where the microtask queue runs: inside Node's event loop (the
 * executor's `run` mode), not inside a `blockOn` that owns the thread.
 */
import { BaseFuture } from './base.js';
import type { Context } from './context.js';
import { PENDING, Poll } from './poll.js';
import type { Waker } from './waker.js';

const State = { Waiting: 0, Fulfilled: 1, Rejected: 2 } as const;
type State = (typeof State)[keyof typeof State];

class PromiseFuture<T> extends BaseFuture<T> {
  readonly #promise: PromiseLike<T>;
  #subscribed = false;
  #state: State = State.Waiting;
  #result: unknown;
  #waker: Waker | null = null;

  constructor(promise: PromiseLike<T>) {
    super();
    this.#promise = promise;
  }

  protected pollOnce(cx: Context): Poll<T> {
    if (!this.#subscribed) {
      // Subscribing is the work: it happens at the first poll, never at creation.
      this.#subscribed = true;
      this.#promise.then(
        (v) => this.#settle(State.Fulfilled, v),
        (e) => this.#settle(State.Rejected, e),
      );
    }
    if (this.#state === State.Fulfilled) return Poll.ready(this.#result as T);
    if (this.#state === State.Rejected) throw this.#result;
    // Keep only the most recent waker (replace it unless it wakes the same task).
    if (this.#waker === null || !this.#waker.willWake(cx.waker)) this.#waker = cx.waker;
    return PENDING;
  }

  #settle(state: State, result: unknown): void {
    if (this.finished) return; // disposed meanwhile: nobody to tell
    this.#state = state;
    this.#result = result;
    const waker = this.#waker;
    this.#waker = null;
    waker?.wake();
  }

  protected override release(): void {
    this.#waker = null;
  }
}

export function fromPromise<T>(promise: PromiseLike<T>): PromiseFuture<T> {
  return new PromiseFuture(promise);
}

export type { PromiseFuture };
