/**
 * Runtime: tasks, a FIFO ready queue, and the two ways to run them.
 *
 * - `blockOn(future)` owns the thread, like the book's `block_on` and tokio's current_thread
 *   runtime: poll ready tasks; when none is ready, park on the reactor until an event or a timer.
 *   Node's own loop is paused meanwhile (servers it needs must live in another process).
 * - `run(future)` lives inside Node's loop: the reactor's epoll fd is watched by libuv, and ready
 *   tasks run from Node callbacks in bounded batches that yield back to Node, so ferrite tasks,
 *   Promises and Node servers share one thread.
 *
 * ```ts
 * const rt = new Runtime();
 * const value = rt.blockOn(coroutine(function* () { yield* wait(sleep(10)); return 42; })());
 * const same = await rt.run(someFuture);
 * rt.close();
 * ```
 *
 * # Lifetime
 * `close()` releases everything (tasks aborted, reactor fds closed). A Runtime dropped without
 * `close()` is closed when garbage-collected, with a `FERRITE_UNCLOSED` warning, but only once
 * nothing can run its tasks any more: while it is attached to Node's loop (`run()` was called)
 * and has unfinished tasks, the loop keeps it alive, so `new Runtime().run(f)` completes `f` and
 * its spawned tasks. A runtime used only through `blockOn` that you drop with tasks left (say,
 * detached ones) has nobody to run them: they are aborted, their `finally` blocks run.
 *
 * # Errors
 * Bad options or a non-future argument throw from the call (`ERR_INVALID_ARG_TYPE`,
 * `ERR_INVALID_ARG_VALUE`, `ERR_OUT_OF_RANGE`). `ERR_CLOSED` once closed (or closing),
 * `ERR_NESTED_BLOCK_ON`, `ERR_DEADLOCK`: see blockOn.
 */
import { BaseFuture, PENDING, Poll, dispose, type Awaitable, type Context, type Future } from '@ferrite/future';
import { getCurrent, insideTask, swapCurrent } from './current.js';
import type { Driver } from './driver.js';
import { nestedBlockOn, RuntimeError } from './errors.js';
import { Executor } from './executor.js';
import type { JoinHandle } from './join-handle.js';
import { checkFuture } from '@ferrite/future/errors';
import { checkOptions } from './options.js';

export interface RuntimeOptions {
  /** What turns I/O into wakes; default a new `Reactor`. */
  driver?: Driver;
  /** Task polls between two looks at the driver (and, in `run` mode, between yields to Node): an integer 1..65536, default 61. */
  budget?: number;
  /** Called with the error of a failed task nobody observed; default: a process warning. */
  onUnhandledError?: (error: unknown) => void;
}

let blocking = false; // this thread is inside some blockOn

// The safety net for a Runtime nobody closed. It holds the Executor (which never holds the
// Runtime strongly except while Node's loop still has its tasks to run), never the Runtime.
const unclosed = new FinalizationRegistry<Executor>((executor) => {
  try {
    if (executor.closed) return;
    const tasks = executor.tasks;
    executor.close();
    const aborted = tasks > 0 ? `, aborting ${tasks} unfinished task(s)` : '';
    process.emitWarning(
      `Closing a ferrite Runtime on garbage collection${aborted}: it was dropped without close(). Call close() (or declare it with \`using\`) when done.`,
      { code: 'FERRITE_UNCLOSED' },
    );
  } catch {
    // a finalizer must never throw
  }
});

// Set by Runtime's static block: lets defaultRuntime() attach a runtime without a public method.
let attachRuntime: (rt: Runtime) => void;

export class Runtime {
  readonly #executor: Executor;

  constructor(opts: RuntimeOptions = {}) {
    this.#executor = new Executor(this, checkOptions(opts));
    unclosed.register(this, this.#executor, this.#executor);
  }

  /** What turns I/O into wakes (the Reactor unless another Driver was given). */
  get driver(): Driver {
    return this.#executor.driver;
  }

  /** Tasks spawned and not yet finished. */
  get tasks(): number {
    return this.#executor.tasks;
  }

  /** True once close() was called (also while a close asked for from inside a task completes). */
  get closed(): boolean {
    return this.#executor.closed;
  }

  /** Starts `future` as a task; it runs when this runtime runs (blockOn or run). */
  spawn<T>(future: Future<T>): JoinHandle<T> {
    checkFuture(future);
    return this.#executor.spawn(future);
  }

  /**
   * Runs `future` to completion on this thread and returns its value (or throws its error).
   * `ERR_NESTED_BLOCK_ON` inside another blockOn or inside a task a `run()` is polling (a task
   * must not block its own thread); `ERR_DEADLOCK` when no task is ready and
   * nothing can wake one; `ERR_CLOSED` if the runtime is closed meanwhile.
   */
  blockOn<T>(future: Future<T>): T {
    checkFuture(future);
    this.#executor.checkOpen();
    // Inside any task (of a run() or a blockOn on this thread), a blockOn would poll tasks
    // re-entrantly, possibly the very task that called it ('Generator is already running').
    if (blocking || insideTask()) {
      dispose(future);
      throw nestedBlockOn(blocking ? 'blockOn' : 'task');
    }
    blocking = true;
    const previous = swapCurrent(this);
    try {
      return this.#executor.blockOn(future);
    } finally {
      blocking = false;
      swapCurrent(previous);
    }
  }

  /** Runs `future` inside Node's event loop; the promise settles with its outcome. */
  run<T>(future: Future<T>): Promise<T> {
    checkFuture(future);
    return this.#executor.run(future);
  }

  /**
   * Aborts every task (a pending blockOn/run future fails with ERR_CLOSED), detaches
   * from Node's loop and closes the driver. Idempotent. Called from inside one of this runtime's
   * tasks, it marks the runtime closing (spawn refuses at once) and completes as soon as that
   * task yields.
   */
  close(): void {
    unclosed.unregister(this.#executor);
    this.#executor.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  static {
    attachRuntime = (rt) => rt.#executor.attach();
  }
}

/** @internal Attaches `rt` to Node's loop, as run() does, without starting a task (defaultRuntime). */
export function attachToNodeLoop(rt: Runtime): void {
  attachRuntime(rt);
}

/** The runtime polling the current task; throws outside any. */
export function currentRuntime(): Runtime {
  const current = getCurrent();
  if (current === null) throw new RuntimeError('ERR_NO_RUNTIME', 'no ferrite runtime is running on this thread');
  return current;
}

/** Spawns on the current runtime. */
export function spawn<T>(future: Future<T>): JoinHandle<T> {
  return currentRuntime().spawn(future);
}

class YieldNow extends BaseFuture<void> {
  #yielded = false;

  protected pollOnce(cx: Context): Poll<void> {
    if (this.#yielded) return Poll.ready(undefined);
    this.#yielded = true;
    cx.waker.wakeByRef();
    return PENDING;
  }
}

/** Gives the other ready tasks a turn: Pending once (after waking itself), then Ready. */
export function yieldNow(): Awaitable<void> {
  return new YieldNow();
}
