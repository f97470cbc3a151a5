/**
 * @ferrite/executor: tasks, JoinHandles, and two ways to run @ferrite/future futures.
 *
 * ```ts
 * import { Runtime, spawn } from '@ferrite/executor';
 * import { sleep } from '@ferrite/reactor';
 * import { coroutine, joinAll, wait } from '@ferrite/future';
 *
 * const rt = new Runtime();
 * const main = coroutine(function* () {
 *   const handles = [300, 100, 200].map((ms) => spawn(coroutine(function* () {
 *     yield* wait(sleep(ms));
 *     return ms;
 *   })()));
 *   return yield* wait(joinAll(handles));   // [300, 100, 200] after ~300 ms
 * });
 * console.log(rt.blockOn(main()));          // owns the thread
 * console.log(await rt.run(main()));        // or: inside Node's loop
 * rt.close();
 * ```
 *
 * Importing this package also makes every ferrite future awaitable from Node: `await sleep(100)`
 * runs on `defaultRuntime()`, inside Node's loop; `await handle` drives the handle's runtime.
 */
export { Runtime, currentRuntime, spawn, yieldNow, type RuntimeOptions } from './runtime.js';
// Importing the package registers the await driver: `await fut` runs on defaultRuntime().
export { defaultRuntime } from './default-runtime.js';
export { JoinHandle } from './join-handle.js';
export type { Driver } from './driver.js';
export { RuntimeError, TaskAborted, type RuntimeErrorCode } from './errors.js';
