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
import { ABORT_REQUESTED, DETACHED, LISTED, OBSERVED, REPORTED, ROOT, STATE_BITS, tasks, type JoinHandle } from './join-handle.js';
import type { Runtime } from './runtime.js';
import { TaskState, type Scheduler, type Task } from './task.js';
import type { CheckedOptions } from './options.js';
import { ReadyQueue } from './ready-queue.js';

const stateOf = (task: Task) => (tasks.flags(task) & STATE_BITS) as TaskState;

export class Executor implements Scheduler {
  readonly driver: Driver;
  readonly #budget: number;
  readonly #onUnhandledError: (error: unknown) => void;
  /** Woken tasks, FIFO (each once: its QUEUED flag). */
  readonly #queue = new ReadyQueue();
  /**
   * Every task that has waited (returned Pending) and was not yet seen finished by a compaction:
   * with the tasks in the queue never polled yet, what close() aborts. A task enters at its first
   * Pending (LISTED), not at spawn: one that finishes at its first poll costs the registry nothing.
   * An array with lazy removal (compacted once finished tasks outnumber the live ones), not a
   * list through the tasks: links in both directions between old and young tasks cost the
   * spawn + join of 500,000 tasks a third of its time (write barriers, remembered-set entries the
   * GC walks), and a Set entry per task showed in GC profiles before that.
   */
  #live: (Task | null)[] = [];
  /** Slots before it are finished tasks already let go (null): tasks mostly finish in order. */
  #liveHead = 0;
  /**
   * The futures of blockOn() and run(): kept apart, as they outlive the tasks they spawn and
   * would otherwise stop #live from being let go in order. A Set (in insertion order): an
   * array made empty holds only small integers until its first push, which then deoptimised
   * blockOn once per Runtime.
   */
  #roots = new Set<Task>();
  /** Unfinished tasks (spawned and not finished: the waiting ones in #live, the others queued). */
  #count = 0;
  #attached = false;
  #drainScheduled = false;
  #closed = false;
  /** close() was called while a task was being polled: carried out when that poll returns. */
  #closeRequested = false;
  /** The task being polled now: its generator is running, so it cannot be disposed yet. */
  #polling: Task | null = null;
  /** The user's Runtime, weakly: what currentRuntime() returns while the Node loop runs tasks. */
  readonly #owner: WeakRef<Runtime>;
  /**
   * The user's Runtime, strongly, only while attached to Node's loop with unfinished tasks: the
   * loop will still run them, so the Runtime must not be collected (and closed) meanwhile.
   */
  #keep: Runtime | null = null;
  /** #runBatch bound once: entering the driver per batch then allocates nothing. */
  readonly #batch = () => this.#runBatch();
  /** #drain bound once: a drain that yields to Node (setImmediate) allocates no closure. */
  readonly #drainLater = () => this.#drain();
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
    return this.#start(future);
  }

  /** The blockOn loop: poll ready tasks, park when none is ready, throw when none ever can be. */
  blockOn<T>(future: Future<T>): T {
    this.checkOpen();
    const task = this.#start(future, true);
    tasks.setFlags(task, OBSERVED);
    try {
      for (;;) {
        this.driver.enter(this.#batch);
        if (stateOf(task) !== TaskState.Running) break;
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
      this.#abortQuietly(task);
      throw err;
    }
    if (stateOf(task) === TaskState.Succeeded) return tasks.outcome(task) as T;
    throw tasks.outcome(task);
  }

  /** Runs `future` inside Node's event loop; the promise settles with its outcome. */
  run<T>(future: Future<T>): Promise<T> {
    this.checkOpen();
    const task = this.#start(future, true);
    this.attach();
    return Promise.resolve(task);
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
  schedule(task: Task): void {
    this.#queue.push(task);
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
  abort(task: Task): void {
    if (stateOf(task) !== TaskState.Running) return;
    if (task === this.#polling) {
      tasks.setFlags(task, ABORT_REQUESTED);
      return;
    }
    this.#dispose(task, new TaskAborted());
  }

  /** Scheduler: an error that would otherwise be lost; reported once whatever found it first. */
  reportUnobserved(task: Task): void {
    if ((tasks.flags(task) & REPORTED) !== 0) return;
    tasks.setFlags(task, REPORTED);
    tasks.unwatch(task);
    this.#report(tasks.outcome(task));
  }

  /** Scheduler: the error of a failed task whose handle was collected unobserved. */
  reportError(error: unknown): void {
    this.#report(error);
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
    // Newest first, as a scope unwinds; a `finally` run here may abort others (already done then).
    // The tasks never polled are the newest: the queue is FIFO, so tasks are first polled in the
    // order they were spawned.
    const queued = this.#queue.take();
    const live = this.#live;
    const head = this.#liveHead;
    this.#live = [];
    this.#liveHead = 0;
    const roots = [...this.#roots];
    this.#roots.clear();
    for (let i = queued.length - 1; i >= 0; i--) if ((tasks.flags(queued[i]!) & LISTED) === 0) this.#abortQuietly(queued[i]!);
    for (let i = live.length - 1; i >= head; i--) this.#abortQuietly(live[i]!);
    for (let i = roots.length - 1; i >= 0; i--) this.#abortQuietly(roots[i]!);
    this.#queue.take(); // wakes from the finally blocks just run
    this.#keep = null;
    if (this.#attached) {
      this.#attached = false;
      this.driver.detach();
    }
    this.driver.close();
  }

  #start<T>(future: Future<T>, root = false): JoinHandle<T> {
    const task = tasks.create(this, future);
    if (root) {
      tasks.setFlags(task as Task, ROOT | LISTED);
      this.#roots.add(task as Task);
    }
    if (this.#count++ === 0) this.#updateKeep();
    this.schedule(task as Task); // a handle is made QUEUED: it goes straight to the queue
    return task;
  }

  #dispose(task: Task, error: unknown): void {
    const future = tasks.future(task);
    tasks.finish(task, TaskState.Aborted, error);
    this.#finished(task);
    dispose(future);
  }

  /** Aborts where nobody can catch a throwing `finally`: its error goes to onUnhandledError. */
  #abortQuietly(task: Task): void {
    if (stateOf(task) !== TaskState.Running) return;
    try {
      this.#dispose(task, (tasks.flags(task) & ROOT) !== 0 && this.#closed ? runtimeClosed() : new TaskAborted());
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

  /**
   * Drops a finished task from #live now rather than at the next compaction: a failed task whose
   * handle is watched must be collectable as soon as its user drops the handle. Searched from the
   * newest end (where a task that fails early sits); failing unobserved is the rare path. Cut out,
   * not swapped with the last: #live stays in spawn order, which close() unwinds newest first.
   */
  #forget(task: Task): void {
    const live = this.#live;
    const i = live.lastIndexOf(task);
    if (i < this.#liveHead) return; // not there (-1), or let go already
    live.splice(i, 1); // moves only the tasks after it: no more than lastIndexOf walked
  }

  /** A task left Running (called exactly once per task, right after its finish). */
  #finished(task: Task): void {
    if ((tasks.flags(task) & ROOT) !== 0) this.#roots.delete(task);
    if (--this.#count === 0) {
      this.#updateKeep();
      this.#live.length = 0; // the same array: a new `[]` would hold only small integers at first, and deoptimise the push of a task
      this.#liveHead = 0;
      return;
    }
    const live = this.#live;
    // Finished tasks at the front are let go at once (FIFO-ish lifetimes, as in a join), each
    // visited once; the array is cut when that front is more than half of it.
    let head = this.#liveHead;
    while (head < live.length && tasks.future(live[head]!) === null) live[head++] = null;
    if (head > 1024 && head * 2 > live.length) {
      this.#live = live.slice(head);
      head = 0;
    } else if (live.length - head > 2 * this.#count + 256) {
      // Out of order (a long-lived task in front): a compaction keeps #count tasks of more than
      // 2 * #count + 256, so it is amortised O(1) and never holds more than that many finished
      // tasks (and their outputs) for longer than their handles.
      const kept: Task[] = [];
      for (let i = head; i < live.length; i++) if (tasks.future(live[i]!) !== null) kept.push(live[i]!);
      this.#live = kept;
      head = 0;
    }
    this.#liveHead = head;
  }


  #updateKeep(): void {
    this.#keep = this.#attached && this.#count > 0 && !this.#closed ? (this.#owner.deref() ?? null) : null;
  }

  #pending(): number {
    return this.#queue.length;
  }

  /** Polls up to `budget` ready tasks, FIFO. */
  #runBatch(): void {
    const queue = this.#queue;
    for (let n = 0; n < this.#budget; n++) {
      if (this.#closed) return;
      if (queue.length === 0 && !(this.#draining && this.#probe())) return;
      const task = queue.shift();
      const future = tasks.dequeue(task);
      if (future !== null) this.#poll(task, future);
    }
  }

  #poll(task: Task, future: Future<unknown>): void {
    let p: Poll<unknown> | undefined;
    let failed = false;
    let error: unknown;
    const outer = this.#polling;
    this.#polling = task;
    enterTask();
    try {
      p = tasks.poll(task, future);
    } catch (err) {
      failed = true;
      error = err;
    } finally {
      leaveTask();
      this.#polling = outer;
    }
    if (failed) {
      const listed = (tasks.flags(task) & LISTED) !== 0;
      tasks.finish(task, TaskState.Failed, error);
      this.#finished(task);
      const flags = tasks.flags(task);
      // Nobody has looked at the handle: if it is detached nobody ever will; otherwise its loss
      // (collected unobserved) is what will tell.
      if ((flags & OBSERVED) === 0) {
        if ((flags & DETACHED) !== 0) this.reportUnobserved(task);
        else {
          tasks.watch(task);
          if (listed) this.#forget(task);
        }
      }
    } else if (p !== PENDING) {
      tasks.finish(task, TaskState.Succeeded, p!.value);
      this.#finished(task);
    } else {
      const flags = tasks.flags(task);
      if ((flags & LISTED) === 0) {
        tasks.setFlags(task, LISTED);
        this.#live.push(task);
      }
      if ((flags & ABORT_REQUESTED) !== 0) this.#abortQuietly(task);
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
    const found = this.#queue.length > 0;
    if (!found) this.#probeSkip = 7;
    return found;
  }

  #scheduleDrain(): void {
    if (this.#drainScheduled) return;
    this.#drainScheduled = true;
    setImmediate(this.#drainLater);
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
