/** `fuse`: a future that may be polled after completion; it then stays PENDING forever. */
import { thenFuture } from './await.js';
import type { Context } from './context.js';
import { dispose, type Future } from './future.js';
import { PENDING, type Poll } from './poll.js';

export interface FusedFuture<T> extends Future<T>, PromiseLike<T> {
  /** True once the inner future completed (or threw, or was disposed). */
  isTerminated(): boolean;
}

class Fuse<T> implements FusedFuture<T> {
  #inner: Future<T> | null;

  constructor(inner: Future<T>) {
    this.#inner = inner;
  }

  poll(cx: Context): Poll<T> {
    const inner = this.#inner;
    if (inner === null) return PENDING;
    let p: Poll<T>;
    try {
      p = inner.poll(cx);
    } catch (err) {
      this.#inner = null;
      throw err;
    }
    if (p !== PENDING) this.#inner = null;
    return p;
  }

  isTerminated(): boolean {
    return this.#inner === null;
  }

  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return thenFuture(this, onFulfilled, onRejected);
  }

  [Symbol.dispose](): void {
    const inner = this.#inner;
    this.#inner = null;
    dispose(inner);
  }
}

export function fuse<T>(future: Future<T>): FusedFuture<T> {
  return new Fuse(future);
}
