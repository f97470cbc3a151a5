/**
 * `join`, `joinAll`, `tryJoinAll`: run several futures concurrently in one task.
 *
 * Every child is polled on the first poll (that is what makes lazy futures concurrent: the book's
 * chapter 7 point). After that a child is polled again only once it has woken its own waker, so
 * joining n futures costs O(woken children) per poll, not O(n) (futures' FuturesUnordered idea).
 *
 * - `join` / `joinAll` never cancel a sibling: all children run to completion. If some threw,
 *   the first error (in child order) is thrown once every child has finished.
 * - `tryJoinAll` stops at the first error: it disposes the children still running and throws.
 */
import type { Awaitable } from './await.js';
import { BaseFuture } from './base.js';
import type { Context } from './context.js';
import { Context as PollContext } from './context.js';
import { disposeAll, type Future, type Output } from './future.js';
import { PENDING, Poll } from './poll.js';
import { Waker } from './waker.js';

const NO_ERROR = Symbol('no error');

/** The waker a child of a join gets: marks the child for polling, then wakes the join's task. */
class ChildWake {
  constructor(
    readonly join: { markReady(index: number): void },
    readonly index: number,
  ) {}

  wake(): void {
    this.join.markReady(this.index);
  }
}

class JoinAll<T> extends BaseFuture<T[]> {
  readonly #children: (Future<T> | null)[];
  readonly #values: T[];
  readonly #failFast: boolean;
  #running: number;
  #error: unknown = NO_ERROR;
  /** Children to poll at the next poll (all of them before the first). */
  #ready: number[];
  readonly #queued: Uint8Array;
  readonly #contexts: (PollContext | null)[];
  #parent: Waker | null = null;

  constructor(children: Iterable<Future<T>>, failFast: boolean) {
    super();
    this.#children = [...children];
    const n = this.#children.length;
    this.#values = new Array<T>(n);
    this.#running = n;
    this.#failFast = failFast;
    this.#ready = Array.from({ length: n }, (_, i) => i);
    this.#queued = new Uint8Array(n).fill(1);
    this.#contexts = new Array<PollContext | null>(n).fill(null);
  }

  /** @internal A child's waker fired. */
  markReady(index: number): void {
    if (this.#queued[index] === 1 || this.#children[index] === null) return;
    this.#queued[index] = 1;
    this.#ready.push(index);
    this.#parent?.wakeByRef();
  }

  protected pollOnce(cx: Context): Poll<T[]> {
    if (this.#parent === null || !this.#parent.willWake(cx.waker)) this.#parent = cx.waker;
    const children = this.#children;
    const ready = this.#ready;
    this.#ready = [];
    for (let k = 0; k < ready.length; k++) {
      const i = ready[k]!;
      this.#queued[i] = 0;
      const child = children[i];
      if (child === null) continue;
      let p: Poll<T>;
      try {
        p = child!.poll((this.#contexts[i] ??= new PollContext(Waker.from(new ChildWake(this, i)))));
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
    this.#parent = null;
    const held = this.#children.filter((c) => c !== null);
    this.#children.fill(null);
    disposeAll(held);
  }
}

/** All outputs, in order. Every child runs to completion; see the module notes on errors. */
export function joinAll<T>(futures: Iterable<Future<T>>): Awaitable<T[]> {
  return new JoinAll(futures, false);
}

/** All outputs, in order; the first child to throw wins and the others are disposed. */
export function tryJoinAll<T>(futures: Iterable<Future<T>>): Awaitable<T[]> {
  return new JoinAll(futures, true);
}

/** A tuple of the outputs, typed: `join(a, b)` is a `Future<[A, B]>`. Same rules as `joinAll`. */
export function join<const F extends readonly Future<unknown>[]>(...futures: F): Awaitable<{ -readonly [K in keyof F]: Output<F[K]> }> {
  return new JoinAll(futures as readonly Future<unknown>[], false) as unknown as Awaitable<{ -readonly [K in keyof F]: Output<F[K]> }>;
}
