/**
 * Coroutines: write a future as a generator (the book's corofy, with `yield*` in place of
 * `.wait`). `coroutine(body)` returns a function; calling it makes a lazy future that runs `body`
 * as a state machine, one step per wait point.
 *
 * ```ts
 * const twoGets = coroutine(function* (base: string) {
 *   const first = yield* wait(Http.get(`${base}/600/first`));   // typed as Response
 *   try {
 *     return [first, yield* wait(Http.get(`${base}/400/second`))];
 *   } finally {
 *     console.log('runs on completion, on error and on dispose');
 *   }
 * });
 * const fut = twoGets('http://127.0.0.1:8080');   // nothing has happened yet
 * ```
 *
 * - A child future that is Ready right away does not suspend: the generator resumes at once.
 * - A child that throws resumes the generator with that error at its wait point, so try/catch
 *   and finally behave as in async functions.
 * - Disposing a suspended coroutine disposes the awaited child, then runs the generator's
 *   `finally` blocks (synchronously; a future yielded during that unwinding is disposed unpolled).
 * - Yielding anything but `yield* wait(future)` is a type error: `yield 5`, `yield fut` (a
 *   plain yield of a future) and `yield wait(fut)` (a missing `*`) do not compile, because a
 *   body may only yield the `WaitSignal` that `wait` produces.
 * - The returned future is awaitable from Node (`await twoGets(base)`), like every ferrite future.
 */
import type { Awaitable } from './await.js';
import { BaseFuture } from './base.js';
import type { Context } from './context.js';
import { dispose, type Future } from './future.js';
import { PENDING, Poll } from './poll.js';

declare const WAIT_SIGNAL: unique symbol;

/**
 * What a coroutine body yields. Only `yield* wait(future)` produces one, so a plain `yield` of
 * anything (a value, a future, `wait(f)` without the `*`) is a type error. At run time it is the
 * awaited future itself: the brand exists only for the type checker.
 */
export interface WaitSignal {
  readonly [WAIT_SIGNAL]: true;
}

/** The iterator behind `yield* wait(f)`: yields `f` once, returns the value it is resumed with. */
class WaitPoint<T> implements Iterator<WaitSignal, T, unknown>, Iterable<WaitSignal, T, unknown> {
  #future: Future<T> | null;

  constructor(future: Future<T>) {
    this.#future = future;
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(value?: unknown): IteratorResult<WaitSignal, T> {
    const f = this.#future;
    if (f !== null) {
      this.#future = null;
      return { done: false, value: f as unknown as WaitSignal };
    }
    return { done: true, value: value as T };
  }

  // yield* forwards the driver's throw()/return() here; without them it would raise a TypeError.
  throw(err: unknown): IteratorResult<WaitSignal, T> {
    throw err;
  }

  return(value?: unknown): IteratorResult<WaitSignal, T> {
    return { done: true, value: value as T };
  }
}

/** Awaits `future` inside a coroutine: `const v = yield* wait(future)`. */
export function wait<T>(future: Future<T>): Iterable<WaitSignal, T, unknown> {
  return new WaitPoint(future);
}

/** What a coroutine body may be: a generator that only yields through `yield* wait(future)`. */
export type CoroutineBody<A extends unknown[], R> = (...args: A) => Generator<WaitSignal, R, unknown>;

/** The generator as the coroutine drives it: what it yields is the awaited future. */
type Body<R> = Generator<Future<unknown>, R, unknown>;

class Coroutine<A extends unknown[], R> extends BaseFuture<R> {
  readonly #body: CoroutineBody<A, R>;
  readonly #args: A;
  #gen: Body<R> | null = null;
  #awaiting: Future<unknown> | null = null;

  constructor(body: CoroutineBody<A, R>, args: A) {
    super();
    this.#body = body;
    this.#args = args;
  }

  protected pollOnce(cx: Context): Poll<R> {
    let gen = this.#gen;
    let step: IteratorResult<Future<unknown>, R>;
    if (gen === null) {
      gen = this.#gen = this.#body(...this.#args) as unknown as Body<R>;
      step = gen.next();
    } else {
      const resumed = this.#resume(gen, this.#awaiting!, cx);
      if (resumed === null) return PENDING;
      step = resumed;
    }
    // Poll each yielded future at once; suspend only on the first one that is pending.
    for (;;) {
      if (step.done) {
        this.#gen = null;
        return Poll.ready(step.value);
      }
      const next = this.#resume(gen, step.value, cx);
      if (next === null) return PENDING;
      step = next;
    }
  }

  /** Polls `child`; null if it is pending (it is then remembered), else the generator's next step. */
  #resume(gen: Body<R>, child: Future<unknown>, cx: Context): IteratorResult<Future<unknown>, R> | null {
    let p: Poll<unknown>;
    try {
      p = child.poll(cx);
    } catch (err) {
      this.#awaiting = null;
      return gen.throw(err);
    }
    if (p === PENDING) {
      this.#awaiting = child;
      return null;
    }
    this.#awaiting = null;
    return gen.next(p.value);
  }

  protected override release(): void {
    const child = this.#awaiting;
    const gen = this.#gen;
    this.#awaiting = null;
    this.#gen = null;
    try {
      dispose(child);
    } finally {
      // Runs the generator's finally blocks. A yield inside them cannot be awaited now: dispose
      // what it yielded and keep unwinding (bounded, so a generator that yields forever stops).
      if (gen !== null) {
        let step = gen.return(undefined as R);
        for (let i = 0; i < 1000 && !step.done; i++) {
          dispose(step.value);
          step = gen.return(undefined as R);
        }
      }
    }
  }
}

/** Turns a generator function into a function returning a lazy `Future` of its return value. */
export function coroutine<A extends unknown[], R>(body: CoroutineBody<A, R>): (...args: A) => Awaitable<R> {
  return (...args: A) => new Coroutine(body, args);
}
