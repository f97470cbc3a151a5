/**
 * Executor: the inside of a Runtime. Tasks, the FIFO ready queue, the driver, and the two loops
 * (blockOn's and the Node-loop drain). Everything long-lived reaches this object and never the
 * `Runtime` the user holds: task wakers (through the driver's registrations and timers),
 * JoinHandles, the driver's Node-loop callback, the finalizers. So a Runtime nobody holds can be
 * collected and closed (runtime.ts says when that is allowed), which this object could not be:
 * an attached driver keeps it reachable from libuv.
 *
 * Closing from inside a task: a task's generator is running while it is polled and cannot be
 * disposed then (`Generator is already running`). So `close()` or `abort()` of the task being
 * polled only records the request; it is carried out as soon as that poll returns.
 */
import { PENDING, dispose, type Future, type Poll } from '@ferrite/future';
import { Reactor } from '@ferrite/reactor';
import { enterTask, leaveTask, swapCurrent } from './current.js';
import type { Driver } from './driver.js';
import { deadlock, runtimeClosed, TaskAborted } from './errors.js';
import { newJoinHandle, type JoinHandle } from './join-handle.js';
import type { Runtime } from './runtime.js';
import { Task, TaskState, type Scheduler } from './task.js';
import type { CheckedOptions } from './options.js';

// A JoinHandle nobody kept: its task's error can no longer be observed, so it is reported
// (now if the task already failed unobserved, else when it fails).
const forgotten = new FinalizationRegistry<{ executor: Executor; task: Task<unknown> }>(({ executor, task }) => {
  task.detached = true;
  if (task.state === TaskState.Failed && !task.observed) executor.reportUnobserved(task);
});

export class Executor implements Scheduler {
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
  /** close() was called while a task was being polled: carried out when that poll returns. */
  #closeRequested = false;
  /** The task being polled now: its generator is running, so it cannot be disposed yet. */
  #polling: Task<unknown> | null = null;
  /** The user's Runtime, weakly: what currentRuntime() returns while the Node loop runs tasks. */
  readonly #owner: WeakRef<Runtime>;
  /**
   * The user's Runtime, strongly, only while attached to Node's loop with unfinished tasks: the
   * loop will still run them, so the Runtime must not be collected (and closed) meanwhile.
   */
  #keep: Runtime | null = null;
  /** #runBatch bound once: entering the driver per batch then allocates nothing. */
  readonly #batch = () => this.#runBatch();
  /** Inside #drain (Node-loop mode): an empty queue may look at the driver again (see #probe). */
  #draining = false;
  /** Drains to skip #probe in after one that found nothing (adaptive: see #probe). */
  #probeSkip = 0;
  /** A microtask will see whether tasks woken meanwhile still need a drain (see schedule). */
  #drainCheck = false;
  readonly #checkDrain = () => {
    this.#drainCheck = false;
    if (this.#attached && !this.#closed && this.#pending() > 0) this.#scheduleDrain();
  };

  constructor(owner: Runtime, opts: CheckedOptions) {
    this.#owner = new WeakRef(owner);
    this.driver = opts.driver ?? new Reactor();
    this.#budget = opts.budget;
    this.#onUnhandledError =
      opts.onUnhandledError ??
      ((err) => process.emitWarning(`a ferrite task failed and nobody awaited it: ${(err as Error)?.stack ?? String(err)}`, { code: 'FERRITE_UNHANDLED_TASK_ERROR' }));
  }

  get tasks(): number {
    return this.#count;
  }

  /** True while Node's loop keeps the Runtime alive (attached, with unfinished tasks). */
  get pinned(): boolean {
    return this.#keep !== null;
  }

  /** Closed, or closing once the task being polled returns. */
  get closed(): boolean {
    return this.#closed || this.#closeRequested;
  }

  checkOpen(): void {
    if (this.closed) throw runtimeClosed();
  }

  spawn<T>(future: Future<T>): JoinHandle<T> {
    this.checkOpen();
    const task = this.#start(future);
    const handle = newJoinHandle(task);
    task.handle = handle; // registered with `forgotten` only if the task fails unobserved
    return handle;
  }

  /** The blockOn loop: poll ready tasks, park when none is ready, throw when none ever can be. */
  blockOn<T>(future: Future<T>): T {
    this.checkOpen();
    const task = this.#start(future);
    task.observed = true;
    task.root = true;
    try {
      for (;;) {
        this.driver.enter(this.#batch);
        if (task.state !== TaskState.Running) break;
        if (this.#pending() > 0) {
          this.driver.park(0); // budget spent: look at I/O and timers without blocking
        } else if (this.driver.isIdle()) {
          throw deadlock();
        } else {
          this.driver.park(null);
        }
      }
    } catch (err) {
      // The loop itself failed (deadlock, a driver error): the root future must not live on.
      this.#abortQuietly(task as Task<unknown>);
      throw err;
    }
    if (task.state === TaskState.Succeeded) return task.value as T;
    throw task.error;
  }

  /** Runs `future` inside Node's event loop; the promise settles with its outcome. */
  run<T>(future: Future<T>): Promise<T> {
    this.checkOpen();
    const task = this.#start(future);
    task.root = true;
    const handle = newJoinHandle(task);
    this.attach();
    return Promise.resolve(handle);
  }

  /**
   * Runs this runtime's tasks from Node's loop from now on (what run() does first; also an
   * awaited JoinHandle and the default runtime). Once attached it stays attached, unref'd
   * whenever nothing can wake a task, until close(). No-op when attached or closed.
   */
  attach(): void {
    if (this.#attached || this.closed) return;
    this.#attached = true;
    this.driver.attach(() => this.#drain());
    this.#updateKeep();
    if (this.#pending() > 0) this.#scheduleDrain();
    else this.driver.updateRef();
  }

  /** Scheduler: a woken task joins the back of the queue. */
  schedule(task: Task<unknown>): void {
    this.#next.push(task);
    if (this.#attached && !this.#drainScheduled && !this.#drainCheck) {
      // Most wakes in Node-loop mode come from the reactor's turn in the libuv callback, which
      // drains right after it: a setImmediate per wake there would only find the queue empty
      // (and, being pending, turn libuv's next wait into a zero-timeout poll: one more syscall
      // per round trip). So decide once the current callback is over, from a microtask.
      this.#drainCheck = true;
      queueMicrotask(this.#checkDrain);
    }
  }

  /**
   * Scheduler: cancels a task now; its future is disposed. Called from inside the task itself,
   * the task is disposed as soon as its current poll returns Pending (a task that completes in
   * that poll keeps its outcome, as in tokio).
   */
  abort(task: Task<unknown>): void {
    if (task.state !== TaskState.Running) return;
    if (task === this.#polling) {
      task.abortRequested = true;
      return;
    }
    this.#dispose(task, new TaskAborted());
  }

  /** Scheduler: an error that would otherwise be lost; reported once whatever found it first. */
  reportUnobserved(task: Task<unknown>): void {
    if (task.reported) return;
    task.reported = true;
    this.#report(task.error);
  }

  /**
   * Aborts every task (root futures fail with ERR_CLOSED), detaches from Node's loop and
   * closes the driver. Idempotent. From inside a task of this runtime: done once it yields.
   */
  close(): void {
    if (this.#closed) return;
    if (this.#polling !== null) {
      this.#closeRequested = true;
      return;
    }
    this.#closed = true; // from here on spawn() refuses, also from the finally blocks run below
    this.#closeRequested = false;
    while (this.#first !== null) {
      const task = this.#first;
      this.#abortQuietly(task);
      this.#unlink(task); // a task is unlinked even if disposing it threw: never loop on it
    }
    this.#queue = [];
    this.#next = [];
    this.#head = 0;
    this.#keep = null;
    if (this.#attached) {
      this.#attached = false;
      this.driver.detach();
    }
    this.driver.close();
  }

  #start<T>(future: Future<T>): Task<T> {
    const task = new Task(this, future);
    this.#link(task as Task<unknown>);
    task.wake();
    return task;
  }

  /**
   * A task failed and nobody has looked at its handle yet: from now on the handle's loss matters
   * (its error would be lost), so the registry watches it. The task lets go of the handle, so
   * that only the user's references keep it alive.
   */
  #watchHandle(task: Task<unknown>): void {
    const handle = task.handle;
    task.handle = null;
    if (handle !== null) forgotten.register(handle, { executor: this, task });
  }

  #dispose(task: Task<unknown>, error: unknown): void {
    const future = task.future;
    task.finish(TaskState.Aborted, undefined, error);
    this.#unlink(task);
    dispose(future);
  }

  /** Aborts where nobody can catch a throwing `finally`: its error goes to onUnhandledError. */
  #abortQuietly(task: Task<unknown>): void {
    if (task.state !== TaskState.Running) return;
    try {
      this.#dispose(task, task.root && this.#closed ? runtimeClosed() : new TaskAborted());
    } catch (err) {
      this.#report(err);
    }
  }

  /**
   * Hands an error to onUnhandledError. A handler that throws must not stop close() or a batch
   * half-way: its error surfaces from a microtask instead, as an uncaught exception (what a
   * throwing callback does anywhere in Node).
   */
  #report(error: unknown): void {
    try {
      this.#onUnhandledError(error);
    } catch (err) {
      queueMicrotask(() => {
        throw err;
      });
    }
  }

  #link(task: Task<unknown>): void {
    task.next = this.#first;
    if (this.#first !== null) this.#first.prev = task;
    this.#first = task;
    if (this.#count++ === 0) this.#updateKeep();
  }

  #unlink(task: Task<unknown>): void {
    if (task.prev === null && this.#first !== task) return; // not linked
    if (task.prev !== null) task.prev.next = task.next;
    else this.#first = task.next;
    if (task.next !== null) task.next.prev = task.prev;
    task.prev = task.next = null;
    if (--this.#count === 0) this.#updateKeep();
  }

  #updateKeep(): void {
    this.#keep = this.#attached && this.#count > 0 && !this.#closed ? (this.#owner.deref() ?? null) : null;
  }

  #pending(): number {
    return this.#queue.length - this.#head + this.#next.length;
  }

  /** Polls up to `budget` ready tasks, FIFO. */
  #runBatch(): void {
    for (let n = 0; n < this.#budget; n++) {
      if (this.#closed) return;
      if (this.#head === this.#queue.length) {
        if (this.#next.length === 0 && !(this.#draining && this.#probe())) return;
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
    let p: Poll<unknown> | undefined;
    let failed = false;
    let error: unknown;
    const outer = this.#polling;
    this.#polling = task;
    enterTask();
    try {
      p = task.future!.poll(task);
    } catch (err) {
      failed = true;
      error = err;
    } finally {
      leaveTask();
      this.#polling = outer;
    }
    if (failed) {
      this.#unlink(task);
      task.finish(TaskState.Failed, undefined, error);
      if (task.detached && !task.observed) this.reportUnobserved(task);
      else if (!task.observed) this.#watchHandle(task);
    } else if (p !== PENDING) {
      this.#unlink(task);
      task.finish(TaskState.Succeeded, p!.value);
    } else if (task.abortRequested) {
      this.#abortQuietly(task);
    }
    // The generator has yielded: a close() asked for from inside it can run now.
    if (this.#closeRequested && this.#polling === null) this.close();
  }

  /**
   * Node-loop mode, the queue empty with budget left: turn the driver once more with a zero
   * timeout before going back to Node. What the batch just wrote is often answered at once (a
   * loopback peer, another task of this runtime), and serving that readiness now costs one
   * epoll_wait instead of a libuv wake-up (its own epoll_wait, a callback) plus ours: a ping-pong
   * inside Node's loop did 8 syscalls per round trip this way against Node's 6. The budget still
   * bounds a drain, so Node's loop keeps its turn. A probe that finds nothing makes the next
   * seven drains skip it, so a workload whose answers come later pays one syscall in eight drains.
   */
  #probe(): boolean {
    if (this.#probeSkip > 0) {
      this.#probeSkip--;
      return false;
    }
    this.driver.park(0);
    const found = this.#next.length > 0;
    if (!found) this.#probeSkip = 7;
    return found;
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
    const previous = swapCurrent(this.#owner.deref() ?? null);
    this.#draining = true;
    try {
      this.driver.enter(this.#batch);
    } finally {
      this.#draining = false;
      swapCurrent(previous);
    }
    if (this.#closed) return;
    // Stay attached once attached: with nothing left to wake a task the driver is unref'd, so the
    // process may exit, but idle watches (pooled connections) are still served from Node's loop.
    if (this.#pending() > 0) this.#scheduleDrain();
    else this.driver.updateRef();
  }
}
