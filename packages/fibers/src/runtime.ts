/**
 * FiberRuntime: native stackful coroutines (the book's chapter 5, done for real).
 *
 * Fiber bodies are native functions (the shipped tasks below, or your own through the C header
 * include/ferrite/fibers.h). JavaScript never runs on a fiber stack: when a task reports to you,
 * the fiber switches back to the scheduler, which calls your function on the main stack and then
 * resumes the fiber.
 *
 * ```ts
 * const rt = new FiberRuntime({ stackSize: 64 * 1024 });
 * rt.spawn('counter', { n: 10, onStep: (id, i) => console.log(`thread: ${id} counter: ${i}`) });
 * rt.spawn('counter', { n: 15, onStep: (id, i) => console.log(`thread: ${id} counter: ${i}`) });
 * rt.run();
 * rt.close();
 * ```
 */
import { createRequire } from 'node:module';
import { getSystemErrorName } from 'node:util';
import { FiberError } from './errors.js';

interface NativeRuntime {
  spawn(task: string, n: number, fd: number, callbacks: ((...a: number[]) => unknown)[]): number;
  run(): void;
  step(): boolean;
  close(): void;
  stats(): FiberStats;
  stackSnapshot(id: number, bytes: number): StackSnapshot | null;
  nativeHandle(): unknown;
  readonly running: boolean;
}

interface Binding {
  NativeRuntime: new (stackSize: number, maxFibers: number) => NativeRuntime;
  benchSwitch(kind: number, iterations: number): number;
}

const native = createRequire(import.meta.url)('../build/Release/ferrite_fibers.node') as Binding;

export interface FiberStats {
  /** Context switches so far (into and out of fibers). */
  switches: number;
  spawned: number;
  finished: number;
  /** Fibers alive now, and at most at once. */
  live: number;
  maxLive: number;
  /** Most stack bytes any finished fiber touched (page granularity, via mincore). */
  stackHighWater: number;
  stackSize: number;
  pooledStacks: number;
  /** How guard pages are made: 'madvise' (MADV_GUARD_INSTALL) or 'mprotect'. */
  guard: 'madvise' | 'mprotect';
}

export interface StackSnapshot {
  /** The fiber's saved stack pointer and the top of its stack. */
  sp: bigint;
  top: bigint;
  /** Stack bytes from `sp` upwards. */
  bytes: Uint8Array;
}

/** The shipped native tasks and their arguments (callbacks run on the main stack). */
export interface Tasks {
  /** The book's counter: counts to n, reporting each step, yielding after each. */
  counter: { n: number; onStep?: (fiberId: number, counter: number) => void };
  /** Two fibers bumping a shared counter and yielding, `rounds` each. */
  pingpong: { rounds: number; onDone?: (total: number) => void };
  /** Sleeps on the runtime's timer, then reports how long it slept. */
  sleeper: { ms: number; onDone?: (sleptMs: number) => void };
  /** Reads a non-blocking fd to EOF with waitReadable; reports bytes (or -errno) and waits. */
  fdReader: { fd: number; onDone?: (bytes: number, waits: number) => void };
  /** Sets every callee-saved register and MXCSR/x87 control, yields, reports what changed (0: nothing). */
  registers: { onDone: (mask: number) => void };
  /** Clobbers those registers between yields, `rounds` times (the adversary of `registers`). */
  clobber: { rounds: number };
  /** Recursion `depth` levels deep with 512-byte frames; reports a checksum. */
  recurse: { depth: number; onDone?: (checksum: number) => void };
  /** Recurses until the guard page stops it: a fatal, clearly reported error. */
  overflow: Record<string, never>;
  /** Yields once with a marker in its frame (see `stackSnapshot`), then reports. */
  showStack: { onDone?: () => void };
  noop: Record<string, never>;
  /** Yields n times. */
  yielder: { n: number };
}

export interface FiberRuntimeOptions {
  /** Usable stack bytes per fiber (rounded up to pages); default 256 KiB. A guard page is added. */
  stackSize?: number;
  /** Most fibers alive at once; default 1,000,000. */
  maxFibers?: number;
}

const KIND = { ferrite: 0, minimal: 1, swapcontext: 2 } as const;

export class FiberRuntime {
  #native: NativeRuntime | null;

  constructor(opts: FiberRuntimeOptions = {}) {
    const stackSize = opts.stackSize ?? 256 * 1024;
    const maxFibers = opts.maxFibers ?? 1_000_000;
    if (!Number.isInteger(stackSize) || stackSize < 16 * 1024 || stackSize > 1024 * 1024 * 1024) {
      throw new FiberError('ERR_INVALID_ARG_VALUE', `stackSize must be an integer from 16 KiB to 1 GiB, got ${stackSize}`);
    }
    if (!Number.isInteger(maxFibers) || maxFibers < 1) {
      throw new FiberError('ERR_INVALID_ARG_VALUE', `maxFibers must be a positive integer, got ${maxFibers}`);
    }
    this.#native = new native.NativeRuntime(stackSize, maxFibers);
  }

  /** Starts a shipped task as a new fiber (it runs at the next run/step); returns its id. */
  spawn<K extends keyof Tasks>(task: K, args: Tasks[K]): number {
    const rt = this.#open();
    const a = (args ?? {}) as Record<string, unknown>;
    const num = (key: string): number => {
      const v = a[key];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new FiberError('ERR_INVALID_ARG_VALUE', `${task}: ${key} must be a number >= 0`);
      return v;
    };
    const cb = (key: string) => {
      const f = a[key];
      if (f !== undefined && typeof f !== 'function') throw new FiberError('ERR_INVALID_ARG_VALUE', `${task}: ${key} must be a function`);
      return (f as ((...x: number[]) => unknown) | undefined) ?? (() => {});
    };
    let id: number;
    switch (task) {
      case 'counter':
        id = rt.spawn(task, num('n'), -1, [cb('onStep')]);
        break;
      case 'pingpong':
        id = rt.spawn(task, num('rounds'), -1, [cb('onDone')]);
        break;
      case 'sleeper':
        id = rt.spawn(task, num('ms'), -1, [cb('onDone')]);
        break;
      case 'fdReader':
        id = rt.spawn(task, 0, num('fd'), [cb('onDone')]);
        break;
      case 'registers':
      case 'showStack':
        id = rt.spawn(task, 0, -1, [cb('onDone')]);
        break;
      case 'clobber':
        id = rt.spawn(task, num('rounds'), -1, []);
        break;
      case 'recurse':
        id = rt.spawn(task, num('depth'), -1, [cb('onDone')]);
        break;
      case 'yielder':
        id = rt.spawn(task, num('n'), -1, []);
        break;
      case 'overflow':
      case 'noop':
        id = rt.spawn(task, 0, -1, []);
        break;
      default:
        throw new FiberError('ERR_UNKNOWN_TASK', `no shipped task named ${String(task)}`);
    }
    if (id === -11) throw new FiberError('ERR_TOO_MANY_FIBERS', 'maxFibers fibers are already alive');
    if (id < 0) throw new FiberError(getSystemErrorName(id), `spawn failed: ${getSystemErrorName(id)}`);
    return id;
  }

  /** Runs until every fiber has finished (waiting in epoll for fds and timers when needed). */
  run(): void {
    this.#open().run();
  }

  /** One round-robin round without blocking; returns whether any fiber is still alive. */
  step(): boolean {
    return this.#open().step();
  }

  stats(): FiberStats {
    return this.#open().stats();
  }

  /** The stack of a suspended fiber, from its saved stack pointer up (the book's b-show-stack). */
  stackSnapshot(fiberId: number, bytes = 256): StackSnapshot | null {
    return this.#open().stackSnapshot(fiberId, bytes);
  }

  /** An External holding the `ferrite_fiber_runtime*` for other addons (include/ferrite/fibers.h). */
  nativeHandle(): unknown {
    return this.#open().nativeHandle();
  }

  /** Drops unfinished fibers, unmaps every stack. Idempotent; later use throws ERR_FIBERS_CLOSED. */
  close(): void {
    const rt = this.#native;
    if (rt === null) return;
    if (rt.running) throw new FiberError('ERR_FIBERS_REENTRANT', 'close() called from inside run()/step()');
    this.#native = null;
    rt.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #open(): NativeRuntime {
    if (this.#native === null) throw new FiberError('ERR_FIBERS_CLOSED', 'FiberRuntime is closed');
    return this.#native;
  }
}

/** ns per one-way switch: ferrite's, a bare minimal one, or glibc swapcontext (benchmarks). */
export function benchSwitch(kind: keyof typeof KIND, iterations: number): number {
  return native.benchSwitch(KIND[kind], iterations);
}
