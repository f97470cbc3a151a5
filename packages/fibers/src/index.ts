/**
 * @ferrite/fibers: stackful coroutines in native code, with an assembly context switch.
 *
 * ```ts
 * import { FiberRuntime } from '@ferrite/fibers';
 * const rt = new FiberRuntime();
 * rt.spawn('counter', { n: 3, onStep: (id, i) => console.log(`thread: ${id} counter: ${i}`) });
 * rt.run();
 * rt.close();
 * ```
 */
export {
  FiberRuntime,
  type ChannelFunction,
  type FiberRuntimeOptions,
  type FiberStats,
  type FiberValue,
  type StackSnapshot,
  type Tasks,
} from './runtime.js';
export { FiberError, type FiberErrorCode } from './errors.js';
export { includeDir } from './include-dir.js';
