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
 *
 * # Errors
 * Every argument is checked: `ERR_INVALID_ARG_TYPE` (a positional argument of the wrong type),
 * `ERR_INVALID_ARG_VALUE` (NaN, negative, fractional, too large; an option or task field of the
 * wrong type), `ERR_UNKNOWN_TASK`, `ERR_TOO_MANY_FIBERS`, `ERR_CLOSED`,
 * `ERR_FIBERS_REENTRANT` (run/step/close from one of this runtime's own callbacks),
 * `ERR_INVALID_THIS` (a method called on something that is not a FiberRuntime).
 */
import { native, type NativeRuntime } from './binding.js';
import { FiberError } from './errors.js';
import { startInLoop, type LoopRun } from './in-loop.js';
import { taskArgs, type Tasks } from './tasks.js';
import { integer, typeError } from './validate.js';

/** What `@ferrite/fibers/testing` uses to spawn test-only tasks (set by FiberRuntime's static block). */
let spawnAny: (runtime: unknown, task: unknown, args: unknown) => number;

export type { Tasks, TestTasks } from './tasks.js';

export interface FiberStats {
  /** Context switches so far (into and out of fibers). */
  switches: number;
  spawned: number;
  finished: number;
  /** Fibers alive now, and at most at once. */
  live: number;
  maxLive: number;
  /** Most stack bytes any of its fibers (finished or alive) has touched (page granularity, via one mincore per stack when stats() is called). */
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

export interface FiberRuntimeOptions {
  /** Usable stack bytes per fiber (rounded up to pages); default 256 KiB. A guard page is added. */
  stackSize?: number;
  /** Most fibers alive at once; default 1,000,000. */
  maxFibers?: number;
}

/**
 * A value crossing the channel between a fiber and JavaScript: what a fiber's `call_js` sends
 * (a number, a UTF-8 string, bytes as a Buffer, or undefined) and what the channel function may
 * return (also `null` and booleans, which reach the fiber as undefined and 0/1).
 */
export type FiberValue = number | string | Uint8Array | undefined;

/**
 * A channel function: called on the main stack with the calling fiber's id and the values it
 * sent; what it returns is handed back to the fiber. If it throws, the fiber is told so (with the
 * error's message) and decides; the run goes on.
 */
export type ChannelFunction = (fiberId: number, ...values: FiberValue[]) => FiberValue | null | boolean | void;

const MAX_STACK = 1024 * 1024 * 1024;

export class FiberRuntime {
  #native: NativeRuntime | null;
  #stackSize: number;
  /** run()/step() is on the stack: close() and another run()/step() are refused. */
  #running = false;
  /** runInLoop() is pending. */
  #loop: LoopRun | null = null;

  constructor(opts: FiberRuntimeOptions = {}) {
    if (opts === null || typeof opts !== 'object') throw typeError('options', 'an object', opts);
    // Only undefined means "the default": null is a wrong value like any other.
    const stackSize = opts.stackSize === undefined ? 256 * 1024 : opts.stackSize;
    const maxFibers = opts.maxFibers === undefined ? 1_000_000 : opts.maxFibers;
    if (typeof stackSize !== 'number' || !Number.isInteger(stackSize) || stackSize < 16 * 1024 || stackSize > MAX_STACK) {
      throw new FiberError('ERR_INVALID_ARG_VALUE', `stackSize must be an integer from 16 KiB to 1 GiB, got ${String(stackSize)}`);
    }
    if (typeof maxFibers !== 'number' || !Number.isSafeInteger(maxFibers) || maxFibers < 1) {
      throw new FiberError('ERR_INVALID_ARG_VALUE', `maxFibers must be a positive safe integer, got ${String(maxFibers)}`);
    }
    this.#stackSize = stackSize;
    this.#native = new native.NativeRuntime(stackSize, maxFibers);
  }

  static {
    spawnAny = (runtime, task, args) => FiberRuntime.#of(runtime).#spawn(task, args, true);
  }

  /** Starts a shipped task as new fiber(s) (they run at the next run/step); returns the id. */
  spawn<K extends keyof Tasks>(task: K, args: Tasks[K]): number {
    return FiberRuntime.#of(this).#spawn(task, args, false);
  }

  #spawn(task: unknown, args: unknown, testing: boolean): number {
    const nativeArgs = taskArgs(task, args, this.#stackSize, testing);
    return this.#open().spawn(...nativeArgs);
  }

  /**
   * Runs until every fiber has finished (waiting in epoll for fds and timers when needed). An
   * error thrown by a callback ends run() with that error; the fiber that asked continues at the
   * next run()/step(). In a worker that is terminated meanwhile, run() stops at once. When every
   * fiber left sleeps forever (no fd wait, no timer), nothing could ever wake one while run()
   * holds the thread: it throws `ERR_FIBERS_DEADLOCK` instead of blocking for good.
   */
  run(): void {
    FiberRuntime.#of(this).#idle().#enter((rt) => rt.run());
  }

  /** One round-robin round without blocking; returns whether any fiber is still alive. */
  step(): boolean {
    return FiberRuntime.#of(this).#idle().#enter((rt) => rt.step());
  }

  /**
   * Runs the fibers inside Node's event loop instead of blocking the thread: the runtime's epoll
   * fd is watched by libuv and fibers are resumed from Node callbacks in bounded batches, so
   * servers, timers and Promises keep running beside them. Settles when every fiber has finished;
   * rejects with what a shipped task's callback threw (the fiber that asked continues at the next
   * run), or with `ERR_CLOSED` if the runtime is closed meanwhile. While it is pending, `run()`,
   * `step()` and another `runInLoop()` throw `ERR_FIBERS_BUSY`; spawning (from JavaScript or
   * from another addon through the C API) is welcome: the new fibers join the run.
   */
  runInLoop(): Promise<void> {
    const self = FiberRuntime.#of(this).#idle();
    const rt = self.#open();
    if (self.#running) throw new FiberError('ERR_FIBERS_REENTRANT', 'runInLoop() called from inside one of this runtime\'s callbacks');
    const run = startInLoop(rt, () => self.#enter((r) => r.step()), () => void (self.#loop = null));
    self.#loop = run;
    return run.promise;
  }

  /**
   * Registers a channel function for fibers of other addons (the C API's `call_js`, see
   * `includeDir`'s ferrite/fibers.h) and returns its id, which you hand to that addon. Kept until
   * the runtime closes.
   */
  channel(fn: ChannelFunction): number {
    const self = FiberRuntime.#of(this);
    if (typeof fn !== 'function') throw typeError('fn', 'a function', fn);
    return self.#open().channel(fn as (...a: unknown[]) => unknown);
  }

  stats(): FiberStats {
    return FiberRuntime.#of(this).#open().stats();
  }

  /**
   * The stack of a suspended fiber, from its saved stack pointer up (the book's b-show-stack);
   * null if no fiber with that id is alive. At most `bytes` bytes (at most the stack's).
   */
  stackSnapshot(fiberId: number, bytes = 256): StackSnapshot | null {
    const self = FiberRuntime.#of(this);
    if (typeof fiberId !== 'number') throw typeError('fiberId', 'a number', fiberId);
    if (typeof bytes !== 'number') throw typeError('bytes', 'a number', bytes);
    integer('fiberId', fiberId, 1, Number.MAX_SAFE_INTEGER);
    integer('bytes', bytes, 0, Number.MAX_SAFE_INTEGER);
    return self.#open().stackSnapshot(fiberId, bytes);
  }

  /**
   * The runtime for other addons: an External (tagged as ferrite's) whose data is a
   * `ferrite_fibers_handle`, the C API's function table and this runtime; a consumer reads it
   * with `ferrite_fibers_import()` from `ferrite/fibers.h` (see `includeDir`).
   */
  nativeHandle(): unknown {
    return FiberRuntime.#of(this).#open().nativeHandle();
  }

  /**
   * Drops unfinished fibers, unmaps every stack. Idempotent; later use throws ERR_CLOSED.
   * From inside one of this runtime's callbacks it throws ERR_FIBERS_REENTRANT and closes nothing
   * (a fiber is running: its stack is in use); close after run()/step() returns.
   */
  close(): void {
    const self = FiberRuntime.#of(this);
    const rt = self.#native;
    if (rt === null) return;
    if (self.#running) throw new FiberError('ERR_FIBERS_REENTRANT', 'close() called from inside run()/step()');
    self.#native = null;
    self.#loop?.stop(new FiberError('ERR_CLOSED', 'the runtime was closed while runInLoop() was pending'));
    rt.close();
  }

  [Symbol.dispose](): void {
    FiberRuntime.#of(this).close();
  }

  #enter<T>(fn: (rt: NativeRuntime) => T): T {
    const rt = this.#open();
    if (this.#running) throw new FiberError('ERR_FIBERS_REENTRANT', 'run()/step() called from inside one of this runtime\'s callbacks');
    this.#running = true;
    try {
      return fn(rt);
    } finally {
      this.#running = false;
    }
  }

  /** `this`, unless runInLoop() is pending (ERR_FIBERS_BUSY). */
  #idle(): this {
    if (this.#loop !== null) throw new FiberError('ERR_FIBERS_BUSY', 'runInLoop() is pending: it runs the fibers');
    return this;
  }

  #open(): NativeRuntime {
    if (this.#native === null) throw new FiberError('ERR_CLOSED', 'FiberRuntime is closed');
    return this.#native;
  }

  /** `self` as a FiberRuntime, or ERR_INVALID_THIS (a method detached or called on another object). */
  static #of(self: unknown): FiberRuntime {
    if (typeof self !== 'object' || self === null || !(#native in self)) {
      throw new FiberError('ERR_INVALID_THIS', 'the receiver must be a FiberRuntime');
    }
    return self as FiberRuntime;
  }
}

/** @internal Spawns any task, test-only ones included (for `@ferrite/fibers/testing`). */
export function spawnAnyTask(runtime: unknown, task: unknown, args: unknown): number {
  return spawnAny(runtime, task, args);
}
