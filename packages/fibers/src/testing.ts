/**
 * @ferrite/fibers/testing: what exists for tests and benchmarks, kept out of the main entry: the
 * test-only native tasks (register checks, clobbering, deep recursion, a stack overflow, no-ops,
 * yielders) and the context-switch micro-benchmark.
 *
 * ```ts
 * import { FiberRuntime } from '@ferrite/fibers';
 * import { spawnTestTask, benchSwitch } from '@ferrite/fibers/testing';
 * const rt = new FiberRuntime();
 * spawnTestTask(rt, 'registers', { onDone: (mask) => console.log('changed:', mask) });
 * rt.run();
 * console.log(benchSwitch('ferrite', 1e6), 'ns per switch');
 * ```
 */
import { native } from './binding.js';
import { FiberError } from './errors.js';
import { spawnAnyTask, type FiberRuntime } from './runtime.js';
import type { TestTasks } from './tasks.js';
import { integer, typeError } from './validate.js';

export type { TestTasks } from './tasks.js';

const KIND = { ferrite: 0, minimal: 1, swapcontext: 2 } as const;

/** benchSwitch's most iterations per kind: about a second at most (it blocks the thread and
 *  cannot be interrupted). Kept in step with kBenchMaxIterations in addon.cc. */
export const BENCH_MAX_ITERATIONS = { ferrite: 2e7, minimal: 2e7, swapcontext: 1e6 } as const;

/**
 * Starts a test-only task (see {@link TestTasks}) on `runtime`, checked like `spawn()`; returns
 * the fiber's id. The shipped demo tasks can be spawned here too.
 */
export function spawnTestTask<K extends keyof TestTasks>(runtime: FiberRuntime, task: K, args: TestTasks[K]): number {
  return spawnAnyTask(runtime, task, args);
}

/**
 * ns per one-way switch: ferrite's, a bare minimal one, or glibc swapcontext (benchmarks).
 * `iterations` is an integer from 1 to 2e7 ('ferrite', 'minimal') or 1e6 ('swapcontext'): about a
 * second at most, since it blocks the thread meanwhile and cannot be interrupted.
 */
export function benchSwitch(kind: keyof typeof KIND, iterations: number): number {
  if (typeof kind !== 'string') throw typeError('kind', 'a string', kind);
  if (!Object.hasOwn(KIND, kind)) throw new FiberError('ERR_INVALID_ARG_VALUE', `kind must be one of ${Object.keys(KIND).join(', ')}, got ${kind}`);
  if (typeof iterations !== 'number') throw typeError('iterations', 'a number', iterations);
  integer('iterations', iterations, 1, BENCH_MAX_ITERATIONS[kind]);
  return native.benchSwitch(KIND[kind], iterations);
}
