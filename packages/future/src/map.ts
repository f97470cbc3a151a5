/** `map` and `andThen`: transform an output, or chain a second future after the first. */
import type { Awaitable } from './await.js';
import { BaseFuture } from './base.js';
import type { Context } from './context.js';
import { dispose, type Future } from './future.js';
import { PENDING, Poll } from './poll.js';

class MapFuture<T, U> extends BaseFuture<U> {
  readonly #inner: Future<T>;
  readonly #fn: (value: T) => U;

  constructor(inner: Future<T>, fn: (value: T) => U) {
    super();
    this.#inner = inner;
    this.#fn = fn;
  }

  protected pollOnce(cx: Context): Poll<U> {
    const p = this.#inner.poll(cx);
    return p === PENDING ? PENDING : Poll.ready(this.#fn(p.value));
  }

  protected override release(): void {
    dispose(this.#inner);
  }
}

/** A future of `fn(output)`. */
export function map<T, U>(future: Future<T>, fn: (value: T) => U): Awaitable<U> {
  return new MapFuture(future, fn);
}

class AndThen<T, U> extends BaseFuture<U> {
  #first: Future<T> | null;
  #second: Future<U> | null = null;
  readonly #fn: (value: T) => Future<U>;

  constructor(first: Future<T>, fn: (value: T) => Future<U>) {
    super();
    this.#first = first;
    this.#fn = fn;
  }

  protected pollOnce(cx: Context): Poll<U> {
    if (this.#first !== null) {
      const p = this.#first.poll(cx);
      if (p === PENDING) return PENDING;
      this.#first = null;
      this.#second = this.#fn(p.value);
    }
    return this.#second!.poll(cx);
  }

  protected override release(): void {
    dispose(this.#first ?? this.#second);
  }
}

/** Runs `future`, then the future `fn` makes from its output; Ready with the second's output. */
export function andThen<T, U>(future: Future<T>, fn: (value: T) => Future<U>): Awaitable<U> {
  return new AndThen(future, fn);
}
