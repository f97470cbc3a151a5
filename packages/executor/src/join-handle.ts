/**
 * JoinHandle<T>: the result of a spawned task, as a `Future<T>` (await it in another task) and a
 * `PromiseLike<T>` (await it from async code: that drives the task's runtime in Node's loop). `abort()` cancels the task at once:
 * its future is disposed, which closes its sockets, cancels its timers and removes its
 * registrations.
 */
import { PENDING, POLL_JOINED, Poll, PolledAfterCompletion, type Context, type Future, type JoinSlot } from '@ferrite/future';
import { RuntimeError } from './errors.js';
import { Task, TaskState, type Scheduler } from './task.js';


const KEY: unique symbol = Symbol('JoinHandle');
let makeHandle: <T>(task: Task<T>) => JoinHandle<T>;

/** The handle of a task just spawned (its executor is `task.scheduler`). */
export function newJoinHandle<T>(task: Task<T>): JoinHandle<T> {
  return makeHandle(task);
}

export class JoinHandle<T> implements Future<T>, PromiseLike<T> {
  // The handle's only field: its state lives in the task (one handle per task), so that a large
  // join keeps as little alive per task as it can.
  readonly #task: Task<T>;

  // Only the executor makes handles (through `newJoinHandle`): the public type has no usable
  // constructor, and one called from JavaScript without the module's key is refused.
  private constructor(key: typeof KEY, task: Task<T>) {
    if (key !== KEY) throw new RuntimeError('ERR_ILLEGAL_CONSTRUCTOR', 'JoinHandle has no public constructor: spawn() a future to get one');
    this.#task = task;
  }

  static {
    makeHandle = (task) => new JoinHandle(KEY, task);
  }

  /** The executor of the task (kept by the task, not by each handle: one field less per task). */
  get #owner(): Scheduler {
    return this.#task.scheduler;
  }

  poll(cx: Context): Poll<T> {
    return this.#poll(cx, null, 0);
  }

  /**
   * The join protocol (`POLL_JOINED` of @ferrite/future): as `poll`, but the task tells `join`
   * itself when it finishes, so a join of many handles needs no context or waker per handle.
   */
  [POLL_JOINED](join: JoinSlot, index: number): Poll<T> {
    return this.#poll(null, join, index);
  }

  #poll(cx: Context | null, join: JoinSlot | null, index: number): Poll<T> {
    const task = this.#task;
    if (task.consumed) throw new PolledAfterCompletion('JoinHandle');
    task.observed = true;
    if (task.state === TaskState.Running) {
      task.joiner = join ?? cx;
      task.joinIndex = join === null ? -1 : index;
      return PENDING;
    }
    task.consumed = true;
    if (task.state === TaskState.Succeeded) return Poll.ready(task.value as T);
    throw task.error;
  }

  /**
   * Awaiting from Node: settles with the task's outcome. If the task is unfinished, its runtime is
   * attached to Node's loop (as `run()` does), so `await rt.spawn(f)` completes even when nothing
   * else runs `rt`: the runtime then keeps the process alive while the task can still be woken.
   */
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    const task = this.#task;
    task.observed = true;
    let awaited = task.awaited;
    if (awaited === null) {
      let settle: (() => void) | null = null;
      const promise = new Promise<T>((resolve, reject) => {
        settle = () => (task.state === TaskState.Succeeded ? resolve(task.value as T) : reject(task.error));
      });
      awaited = task.awaited = { promise, settle };
      if (task.state === TaskState.Running) this.#owner.attach();
      else {
        awaited.settle = null;
        settle!();
      }
    }
    return awaited.promise.then(onFulfilled, onRejected);
  }

  /**
   * Cancels the task now (if unfinished): its future is disposed, so its `finally` blocks run and
   * what it holds is closed; awaiting it throws TaskAborted. From inside the task itself, the
   * disposal happens when the task next yields (a running generator cannot be disposed).
   */
  abort(): void {
    this.#owner.abort(this.#task as Task<unknown>);
  }

  isFinished(): boolean {
    return this.#task.state !== TaskState.Running;
  }

  /** Lets the task run on unobserved; if it fails, its error is reported rather than lost. */
  detach(): void {
    this.#task.detached = true;
    if (this.#task.state === TaskState.Failed && !this.#task.observed) this.#owner.reportUnobserved(this.#task as Task<unknown>);
  }

  /** Disposing a handle aborts its task (as dropping an unfinished scope would). */
  [Symbol.dispose](): void {
    this.abort();
  }
}
