/**
 * @ferrite/future/testing: tools for testing futures without any I/O: a hand-completed leaf
 * future (`Trigger`), simulated time (`ManualClock`) and a minimal executor (`TestExecutor`).
 *
 * ```ts
 * import { coroutine, wait } from '@ferrite/future';
 * import { ManualClock, TestExecutor } from '@ferrite/future/testing';
 *
 * const clock = new ManualClock();
 * const twice = coroutine(function* () {
 *   yield* wait(clock.sleep(1000));
 *   yield* wait(clock.sleep(500));
 *   return clock.now;
 * });
 * console.log(new TestExecutor().block(twice(), clock)); // 1500 (simulated ms)
 * ```
 */
export { Trigger } from './trigger.js';
export { ManualClock } from './manual-clock.js';
export { TestExecutor, TestTask, type TestExecutorOptions } from './test-executor.js';
