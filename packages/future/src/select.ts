/**
 * `select` and `race`: the first child to finish wins; the others are disposed (cancelled).
 * Children are polled in order on every poll, so on a tie the earlier one wins (futures-lite's
 * `or` is biased the same way). A child that throws finishes the race with its error.
 */
import type { Awaitable } from './await.js';
import { BaseFuture } from './base.js';
import type { Context } from './context.js';
import { disposeAll, type Future, type Output } from './future.js';
import { PENDING, Poll } from './poll.js';

/**
 * Which child won and its output: `{ index: 0, value: A } | { index: 1, value: B } | ...` for a
 * tuple of futures; `{ index: number, value: T }` for an array of unknown length (`select(...fs)`).
 */
export type Selected<F extends readonly Future<unknown>[]> = number extends F['length']
  ? { index: number; value: Output<F[number]> }
  : {
      [K in keyof F]: K extends `${infer I extends number}` ? { index: I; value: Output<F[K]> } : never;
    }[number];

class Select<T> extends BaseFuture<{ index: number; value: T }> {
  readonly #children: (Future<T> | null)[];

  constructor(children: readonly Future<T>[]) {
    super();
    this.#children = [...children];
  }

  protected pollOnce(cx: Context): Poll<{ index: number; value: T }> {
    const children = this.#children;
    for (let i = 0; i < children.length; i++) {
      let p: Poll<T>;
      try {
        p = children[i]!.poll(cx);
      } catch (err) {
        children[i] = null;
        throw err; // release() disposes the losers
      }
      if (p === PENDING) continue;
      children[i] = null;
      this.#disposeLosers();
      return Poll.ready({ index: i, value: p.value });
    }
    return PENDING;
  }

  protected override release(): void {
    this.#disposeLosers();
  }

  #disposeLosers(): void {
    const losers = this.#children.filter((c) => c !== null);
    this.#children.fill(null);
    disposeAll(losers);
  }
}

/** The first child to finish, as `{ index, value }`; the others are disposed. */
export function select<const F extends readonly Future<unknown>[]>(...futures: F): Awaitable<Selected<F>> {
  return new Select(futures) as unknown as Awaitable<Selected<F>>;
}

class Race<T> extends BaseFuture<T> {
  readonly #select: Select<T>;

  constructor(children: readonly Future<T>[]) {
    super();
    this.#select = new Select(children);
  }

  protected pollOnce(cx: Context): Poll<T> {
    const p = this.#select.poll(cx);
    return p === PENDING ? PENDING : Poll.ready(p.value.value);
  }

  protected override release(): void {
    this.#select[Symbol.dispose]();
  }
}

/** The output of the first child to finish; the others are disposed. */
export function race<const F extends readonly Future<unknown>[]>(...futures: F): Awaitable<Output<F[number]>> {
  return new Race(futures as readonly Future<Output<F[number]>>[]);
}
