/**
 * `join`, `joinAll`, `tryJoinAll`: run several futures concurrently in one task.
 *
 * Every child is polled on the first poll (that is what makes lazy futures concurrent: the book's
 * chapter 7 point), and each later poll polls the children still running.
 *
 * - `join` / `joinAll` never cancel a sibling: all children run to completion. If some threw,
 *   the first error (in child order) is thrown once every child has finished.
 * - `tryJoinAll` stops at the first error: it disposes the children still running and throws.
 */
import { BaseFuture } from './base.js';
import type { Context } from './context.js';
import { disposeAll, type Future, type Output } from './future.js';
import { PENDING, Poll } from './poll.js';

const NO_ERROR = Symbol('no error');

class JoinAll<T> extends BaseFuture<T[]> {
  readonly #children: (Future<T> | null)[];
  readonly #values: T[];
  readonly #failFast: boolean;
  #running: number;
  #error: unknown = NO_ERROR;

  constructor(children: Iterable<Future<T>>, failFast: boolean) {
    super();
    this.#children = [...children];
    this.#values = new Array<T>(this.#children.length);
    this.#running = this.#children.length;
    this.#failFast = failFast;
  }

  protected pollOnce(cx: Context): Poll<T[]> {
    const children = this.#children;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (child === null) continue;
      let p: Poll<T>;
      try {
        p = child!.poll(cx);
      } catch (err) {
        children[i] = null;
        this.#running--;
        if (this.#failFast) throw err; // release() disposes the rest
        if (this.#error === NO_ERROR) this.#error = err;
        continue;
      }
      if (p === PENDING) continue;
      children[i] = null;
      this.#values[i] = p.value;
      this.#running--;
    }
    if (this.#running > 0) return PENDING;
    if (this.#error !== NO_ERROR) throw this.#error;
    return Poll.ready(this.#values);
  }

  protected override release(): void {
    const held = this.#children.filter((c) => c !== null);
    this.#children.fill(null);
    disposeAll(held);
  }
}

/** All outputs, in order. Every child runs to completion; see the module notes on errors. */
export function joinAll<T>(futures: Iterable<Future<T>>): Future<T[]> {
  return new JoinAll(futures, false);
}

/** All outputs, in order; the first child to throw wins and the others are disposed. */
export function tryJoinAll<T>(futures: Iterable<Future<T>>): Future<T[]> {
  return new JoinAll(futures, true);
}

/** A tuple of the outputs, typed: `join(a, b)` is a `Future<[A, B]>`. Same rules as `joinAll`. */
export function join<const F extends readonly Future<unknown>[]>(...futures: F): Future<{ -readonly [K in keyof F]: Output<F[K]> }> {
  return new JoinAll(futures as readonly Future<unknown>[], false) as unknown as Future<{ -readonly [K in keyof F]: Output<F[K]> }>;
}
