// The shipped native tasks: their names, their arguments (the public Tasks type and the testing
// subpath's TestTasks) and how each maps onto the native spawn(taskIndex, n, fd, callbacks),
// checked here. The names live only here: the addon knows its tasks by index.
import { native } from './binding.js';
import { FiberError } from './errors.js';
import { callback, duration, integer, typeError } from './validate.js';

/** The shipped demo tasks (the book's chapter 5) and their arguments (callbacks run on the main stack). */
export interface Tasks {
  /** The book's counter: counts to n, reporting each step, yielding after each. */
  counter: { n: number; onStep?: (fiberId: number, counter: number) => void };
  /** Two fibers bumping a shared counter and yielding, `rounds` each (both start, or neither). */
  pingpong: { rounds: number; onDone?: (total: number) => void };
  /** Sleeps on the runtime's timer, then reports how long it slept. `ms` may be fractional
   *  (rounded up) or huge: beyond 2^53 ms, Infinity included, it sleeps until the runtime closes. */
  sleeper: { ms: number; onDone?: (sleptMs: number) => void };
  /** Reads a non-blocking fd to EOF with waitReadable; reports bytes (or -errno) and waits. */
  fdReader: { fd: number; onDone?: (bytes: number, waits: number) => void };
  /** Yields once with a marker in its frame (see `stackSnapshot`), then reports. */
  showStack: { onDone?: () => void };
}

/** The tasks that exist for tests and benchmarks (`@ferrite/fibers/testing`'s `spawnTestTask`). */
export interface TestTasks {
  /** Sets every callee-saved register and MXCSR/x87 control, yields, reports what changed (0: nothing). */
  registers: { onDone: (mask: number) => void };
  /** Clobbers those registers between yields, `rounds` times (the adversary of `registers`). */
  clobber: { rounds: number };
  /** Recursion `depth` levels deep, each level holding a 512-byte array; reports a checksum. The
   *  deepest accepted is what the stack really holds with room to spare (each level's measured
   *  frame, ~528 bytes on x86-64, plus 64 bytes, after 8 KiB kept free): about
   *  (stackSize - 8 KiB) / 592, e.g. 428 at 256 KiB. Deeper is ERR_INVALID_ARG_VALUE. */
  recurse: { depth: number; onDone?: (checksum: number) => void };
  /** Recurses until the guard page stops it: a fatal, clearly reported error. */
  overflow: Record<string, never>;
  /** Returns at once. */
  noop: Record<string, never>;
  /** Yields n times. */
  yielder: { n: number };
}

type Num = { key: string; kind: 'count' | 'ms' | 'fd' | 'depth' };
/** Each task: its index in the addon's table (tasks.cc's kTasks, in this order), its number and
 *  its callback, and whether it is a test-only task. */
type Spec = { index: number; num?: Num; cb?: string; testing?: true };
export const TASKS: Record<keyof Tasks | keyof TestTasks, Spec> = {
  counter: { index: 0, num: { key: 'n', kind: 'count' }, cb: 'onStep' },
  pingpong: { index: 1, num: { key: 'rounds', kind: 'count' }, cb: 'onDone' },
  sleeper: { index: 2, num: { key: 'ms', kind: 'ms' }, cb: 'onDone' },
  fdReader: { index: 3, num: { key: 'fd', kind: 'fd' }, cb: 'onDone' },
  showStack: { index: 4, cb: 'onDone' },
  registers: { index: 5, cb: 'onDone', testing: true },
  clobber: { index: 6, num: { key: 'rounds', kind: 'count' }, testing: true },
  recurse: { index: 7, num: { key: 'depth', kind: 'depth' }, cb: 'onDone', testing: true },
  overflow: { index: 8, testing: true },
  noop: { index: 9, testing: true },
  yielder: { index: 10, num: { key: 'n', kind: 'count' }, testing: true },
};

export type NativeArgs = [task: number, n: number, fd: number, callbacks: ((...a: number[]) => unknown)[]];

/** Checks a spawn's task and arguments; returns the native spawn's arguments. Test-only tasks
 *  only with `testing` (spawnTestTask). */
export function taskArgs(task: unknown, args: unknown, stackSize: number, testing: boolean): NativeArgs {
  if (typeof task !== 'string') throw typeError('task', 'a string', task);
  if (!Object.hasOwn(TASKS, task)) throw new FiberError('ERR_UNKNOWN_TASK', `no shipped task named ${task}`);
  const spec = TASKS[task as keyof typeof TASKS];
  if (spec.testing && !testing) {
    throw new FiberError('ERR_UNKNOWN_TASK', `${task} is a test-only task: spawn it with spawnTestTask() from @ferrite/fibers/testing`);
  }
  if (args !== undefined && args !== null && typeof args !== 'object') throw typeError('args', 'an object', args);
  const a = (args ?? {}) as Record<string, unknown>;
  let n = 0;
  let fd = -1;
  if (spec.num !== undefined) {
    const { key, kind } = spec.num;
    const name = `${task}: ${key}`;
    const v = a[key];
    if (kind === 'count') n = integer(name, v, 0, Number.MAX_SAFE_INTEGER);
    else if (kind === 'depth') n = integer(name, v, 0, native.recurseDepthLimit(stackSize));
    else if (kind === 'ms') n = duration(name, v);
    else fd = integer(name, v, 0, 2 ** 31 - 1);
  }
  const callbacks = spec.cb === undefined ? [] : [callback(`${task}: ${spec.cb}`, a[spec.cb])];
  return [spec.index, n, fd, callbacks];
}
