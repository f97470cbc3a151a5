/**
 * Awaiting a future from Node: every future this package (and the reactor and executor) hands
 * out is also a `PromiseLike`, so `const v = await fut` works in async code.
 *
 * `then` does not poll anything itself (this package has no event loop): it hands the future to
 * the thread's **await driver**. `@ferrite/executor` registers one when it is imported; it runs
 * the future as a task of `defaultRuntime()`, inside Node's event loop. With no driver (the
 * executor was never imported) the promise rejects at once with `ERR_NO_RUNTIME`: never a silent
 * hang. A future is driven at most once: `then` memoizes its promise, so awaiting it twice (or
 * calling `then` twice) gives the same outcome and does not run it twice.
 *
 * Awaiting hands the future over: do not also poll it yourself. Beware thenable assimilation:
 * a future returned from an async function, resolved into a promise or passed to
 * `Promise.resolve`/`Promise.all` is awaited, i.e. run on the default runtime.
 *
 * ```ts
 * import { registerAwaitDriver } from '@ferrite/future';
 * // What an executor does when it is loaded (once per thread):
 * registerAwaitDriver((future) => myRuntime.run(future));
 * ```
 */
import { invalidArgType } from './errors/args.js';
import type { Future } from './future.js';
import { FutureError } from './future-error.js';

/** What a future you get from ferrite is: a `Future<T>` you can poll, and a `PromiseLike<T>` you can await. */
export type Awaitable<T> = Future<T> & PromiseLike<T>;

/** Runs a future to completion somewhere (an executor's runtime) and settles with its outcome. */
export type AwaitDriver = <T>(future: Future<T>) => PromiseLike<T>;

/** `await` of a future while no executor has registered an await driver on this thread. */
const noRuntime = () =>
  new FutureError(
    'ERR_NO_RUNTIME',
    "cannot await a ferrite future: no runtime is registered to drive it; import '@ferrite/executor' " +
      '(importing it registers its default runtime as the await driver), or run the future with Runtime.blockOn()/run()',
  );

// The driver lives on globalThis under a registered symbol, so that every copy of this package
// loaded on the thread (two versions in one node_modules tree) sees the executor's driver.
// globalThis is per thread (each worker has its own), which makes the registration per thread.
const SLOT = Symbol.for('@ferrite/future.awaitDriver');
type Slot = { [SLOT]?: AwaitDriver | null };

/**
 * Registers the driver `then` hands futures to on this thread (null removes it), replacing any
 * earlier one; returns the previous driver. `@ferrite/executor` calls it when imported.
 */
export function registerAwaitDriver(driver: AwaitDriver | null): AwaitDriver | null {
  if (driver !== null && typeof driver !== 'function') {
    throw invalidArgType('driver', 'a function or null', driver);
  }
  const slot = globalThis as Slot;
  const previous = slot[SLOT] ?? null;
  slot[SLOT] = driver;
  return previous;
}

/** The await driver registered on this thread, or null. */
export function awaitDriver(): AwaitDriver | null {
  return (globalThis as Slot)[SLOT] ?? null;
}

const promises = new WeakMap<object, Promise<unknown>>();

/**
 * The promise of `future`'s outcome: the first call hands it to the await driver, later calls
 * return the same promise. What every ferrite future's `then` uses; use it to await a future of
 * your own that only implements `poll`.
 */
export function toPromise<T>(future: Future<T>): Promise<T> {
  let p = promises.get(future) as Promise<T> | undefined;
  if (p === undefined) {
    const driver = awaitDriver();
    if (driver === null) {
      p = Promise.reject(noRuntime());
    } else {
      try {
        // Promise.resolve(x) would call x.then again when the driver returns a thenable of ours:
        // adopt through a fresh promise instead.
        const settled = driver(future);
        p = new Promise<T>((resolve, reject) => settled.then(resolve, reject));
      } catch (err) {
        p = Promise.reject(err);
      }
    }
    promises.set(future, p);
  }
  return p;
}

/** The `then` every ferrite future shares (a PromiseLike method over `toPromise`). */
export function thenFuture<T, R1 = T, R2 = never>(
  future: Future<T>,
  onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
  onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
): Promise<R1 | R2> {
  return toPromise(future).then(onFulfilled, onRejected);
}
