/** Leaf futures: `ready`, `pending`, `lazy`, `pollFn`. */
import { thenFuture, type Awaitable } from './await.js';
import { BaseFuture } from './base.js';
import type { Context } from './context.js';
import { PolledAfterCompletion } from './future-error.js';
import type { Future } from './future.js';
import { PENDING, Poll, type Ready } from './poll.js';

/**
 * Ready at the first poll. The future is its own `Ready` result, so `yield* wait(ready(x))`
 * allocates nothing more than the future itself.
 */
class ReadyFuture<T> implements Future<T>, Ready<T>, PromiseLike<T> {
  readonly value: T;
  #polled = false;

  constructor(value: T) {
    this.value = value;
  }

  poll(): Poll<T> {
    if (this.#polled) throw new PolledAfterCompletion('ready');
    this.#polled = true;
    return this;
  }

  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return thenFuture(this, onFulfilled, onRejected);
  }
}

/** A future that is Ready with `value` at its first poll. */
export function ready<T>(value: T): Awaitable<T> {
  return new ReadyFuture(value);
}

class PendingFuture implements Future<never>, PromiseLike<never> {
  poll(): Poll<never> {
    return PENDING;
  }

  then<R1 = never, R2 = never>(
    onFulfilled?: ((value: never) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return thenFuture(this, onFulfilled, onRejected);
  }
}

const PENDING_FUTURE = new PendingFuture();

/** A future that never completes (and never wakes); awaiting it never settles either. */
export function pending<T = never>(): Awaitable<T> {
  return PENDING_FUTURE;
}

class LazyFuture<T> extends BaseFuture<T> {
  readonly #fn: () => T;

  constructor(fn: () => T) {
    super();
    this.#fn = fn;
  }

  protected pollOnce(): Poll<T> {
    return Poll.ready(this.#fn());
  }
}

/** Calls `fn` at the first poll (not before) and is Ready with its result. */
export function lazy<T>(fn: () => T): Awaitable<T> {
  return new LazyFuture(fn);
}

class PollFn<T> extends BaseFuture<T> {
  readonly #fn: (cx: Context) => Poll<T>;
  readonly #onDispose: (() => void) | undefined;

  constructor(fn: (cx: Context) => Poll<T>, onDispose?: () => void) {
    super();
    this.#fn = fn;
    this.#onDispose = onDispose;
  }

  protected pollOnce(cx: Context): Poll<T> {
    return this.#fn(cx);
  }

  protected override release(): void {
    this.#onDispose?.();
  }
}

/**
 * A future from a poll function; `onDispose` runs if it is cancelled before completing.
 *
 * ```ts
 * let n = 0;
 * const f = pollFn((cx) => (++n < 3 ? (cx.waker.wake(), Poll.PENDING) : Poll.ready(n)));
 * ```
 */
export function pollFn<T>(fn: (cx: Context) => Poll<T>, onDispose?: () => void): Awaitable<T> {
  return new PollFn(fn, onDispose);
}
