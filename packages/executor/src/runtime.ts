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
 */
import { BaseFuture, PENDING, Poll, dispose, type Context, type Future } from '@ferrite/future';
import { Reactor } from '@ferrite/reactor';
import type { Driver } from './driver.js';
import { deadlock, nestedBlockOn, RuntimeError, TaskAborted } from './errors.js';
import { JoinHandle, type TaskOwner } from './join-handle.js';
import { Task, TaskState, type Scheduler } from './task.js';

export interface RuntimeOptions {
  /** What turns I/O into wakes; default a new `Reactor`. */
  driver?: Driver;
  /** Task polls between two looks at the driver (and, in `run` mode, between yields to Node). */
  budget?: number;
  /** Called with the error of a failed task nobody observed; default: a process warning. */
  onUnhandledError?: (error: unknown) => void;
}

let blocking = false; // this thread is inside some blockOn

// A JoinHandle nobody kept: its task's error can no longer be observed, so it is reported
// (now if the task already failed unobserved, else when it fails).
const forgotten = new FinalizationRegistry<{ runtime: Runtime; task: Task<unknown> }>(({ runtime, task }) => {
  task.detached = true;
  if (task.state === TaskState.Failed && !task.observed) runtime.reportUnobserved(task);
});
let current: Runtime | null = null;

export class Runtime implements Scheduler, TaskOwner {
  readonly driver: Driver;
  readonly #budget: number;
  readonly #onUnhandledError: (error: unknown) => void;
  #queue: Task<unknown>[] = [];
  #next: Task<unknown>[] = [];
  #head = 0;
  /** Live tasks, as an intrusive doubly-linked list (a Set entry per task showed in GC profiles). */
  #first: Task<unknown> | null = null;
  #count = 0;
  #attached = false;
  #drainScheduled = false;
  #closed = false;
  /** Tasks polled so far (statistics). */
  polls = 0;
  /** #runBatch bound once: entering the driver per batch then allocates nothing. */
  readonly #batch = () => this.#runBatch();

  constructor(opts: RuntimeOptions = {}) {
    this.driver = opts.driver ?? new Reactor();
    this.#budget = opts.budget ?? 61;
    this.#onUnhandledError =
      opts.onUnhandledError ??
      ((err) => process.emitWarning(`a ferrite task failed and nobody awaited it: ${(err as Error)?.stack ?? String(err)}`, { code: 'FERRITE_UNHANDLED_TASK_ERROR' }));
  }

  /** Starts `future` as a task; it runs when this runtime runs (blockOn or run). */
  spawn<T>(future: Future<T>): JoinHandle<T> {
    this.#checkOpen();
    const task = new Task(this, future);
    this.#link(task as Task<unknown>);
    task.wake();
    const handle = new JoinHandle(task, this);
    forgotten.register(handle, { runtime: this, task: task as Task<unknown> });
    return handle;
  }

  /** Runs `future` to completion on this thread and returns its value (or throws its error). */
  blockOn<T>(future: Future<T>): T {
    this.#checkOpen();
    if (blocking) {
      dispose(future);
      throw nestedBlockOn();
    }
    blocking = true;
    const previous = current;
    current = this;
    const task = new Task(this, future);
    task.observed = true;
    this.#link(task as Task<unknown>);
    task.wake();
    try {
      for (;;) {
        this.driver.enter(this.#batch);
        if (task.state !== TaskState.Running) break;
        if (this.#pending() > 0) {
          this.driver.park(0); // budget spent: look at I/O and timers without blocking
        } else if (this.driver.isIdle()) {
          this.abort(task as Task<unknown>);
          throw deadlock();
        } else {
          this.driver.park(null);
        }
      }
    } finally {
      blocking = false;
      current = previous;
    }
    if (task.state === TaskState.Succeeded) return task.value as T;
    throw task.error;
  }

  /** Runs `future` inside Node's event loop; the promise settles with its outcome. */
  run<T>(future: Future<T>): Promise<T> {
    this.#checkOpen();
    const handle = this.spawn(future);
    if (!this.#attached) {
      this.#attached = true;
      this.driver.attach(() => this.#drain());
    }
    this.#scheduleDrain();
    return Promise.resolve(handle);
  }

  /** Scheduler: a woken task joins the back of the queue. */
  schedule(task: Task<unknown>): void {
    this.#next.push(task);
    if (this.#attached) this.#scheduleDrain();
  }

  /** TaskOwner: cancels a task now; its future is disposed. */
  abort(task: Task<unknown>): void {
    if (task.state !== TaskState.Running) return;
    const future = task.future;
    task.finish(TaskState.Aborted, undefined, new TaskAborted());
    this.#unlink(task);
    dispose(future);
  }

  /** TaskOwner: an error that would otherwise be lost. */
  reportUnobserved(task: Task<unknown>): void {
    this.#onUnhandledError(task.error);
  }

  /** Tasks spawned and not yet finished. */
  get tasks(): number {
    return this.#count;
  }

  /** Aborts every task, detaches from Node's loop and closes the driver. Idempotent. */
  close(): void {
    if (this.#closed) return;
    while (this.#first !== null) {
      const task = this.#first;
      this.abort(task);
      this.#unlink(task); // abort() unlinks a running task; never loop on anything else
    }
    this.#closed = true;
    this.#detach();
    this.driver.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #link(task: Task<unknown>): void {
    task.next = this.#first;
    if (this.#first !== null) this.#first.prev = task;
    this.#first = task;
    this.#count++;
  }

  #unlink(task: Task<unknown>): void {
    if (task.prev === null && this.#first !== task) return; // not linked
    if (task.prev !== null) task.prev.next = task.next;
    else this.#first = task.next;
    if (task.next !== null) task.next.prev = task.prev;
    task.prev = task.next = null;
    this.#count--;
  }

  #pending(): number {
    return this.#queue.length - this.#head + this.#next.length;
  }

  /** Polls up to `budget` ready tasks, FIFO. */
  #runBatch(): void {
    for (let n = 0; n < this.#budget; n++) {
      if (this.#head === this.#queue.length) {
        if (this.#next.length === 0) return;
        // Swap the queues: O(1) per task instead of shift().
        const drained = this.#queue;
        drained.length = 0;
        this.#queue = this.#next;
        this.#next = drained;
        this.#head = 0;
      }
      const task = this.#queue[this.#head++]!;
      task.queued = false;
      if (task.state !== TaskState.Running) continue;
      this.#poll(task);
    }
  }

  #poll(task: Task<unknown>): void {
    this.polls++;
    let p: Poll<unknown>;
    try {
      p = task.future!.poll(task.cx);
    } catch (err) {
      this.#unlink(task);
      task.finish(TaskState.Failed, undefined, err);
      if (task.detached && !task.observed) this.reportUnobserved(task);
      return;
    }
    if (p === PENDING) return;
    this.#unlink(task);
    task.finish(TaskState.Succeeded, p.value);
  }

  #scheduleDrain(): void {
    if (this.#drainScheduled) return;
    this.#drainScheduled = true;
    setImmediate(() => this.#drain());
  }

  /** Node-loop mode: one bounded batch, then back to Node (again via setImmediate if needed). */
  #drain(): void {
    this.#drainScheduled = false;
    if (this.#closed) return;
    const previous = current;
    current = this;
    try {
      this.driver.enter(this.#batch);
    } finally {
      current = previous;
    }
    // Stay attached once attached: with nothing left to wake a task the driver is unref'd, so the
    // process may exit, but idle watches (pooled connections) are still served from Node's loop.
    if (this.#pending() > 0) this.#scheduleDrain();
    else this.driver.updateRef();
  }

  #detach(): void {
    if (!this.#attached) return;
    this.#attached = false;
    this.driver.detach();
  }

  #checkOpen(): void {
    if (this.#closed) throw new RuntimeError('ERR_RUNTIME_CLOSED', 'Runtime is closed');
  }
}

/** The runtime polling the current task; throws outside any. */
export function currentRuntime(): Runtime {
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
export function yieldNow(): Future<void> {
  return new YieldNow();
}
