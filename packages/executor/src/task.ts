/**
 * Task: a spawned future, its own waker target (no closure per wake), and its outcome. A task is
 * queued at most once however many times it is woken before it runs; waking a finished task does
 * nothing.
 */
import { Context, Waker, type Future } from '@ferrite/future';

export const TaskState = { Running: 0, Succeeded: 1, Failed: 2, Aborted: 3 } as const;
export type TaskState = (typeof TaskState)[keyof typeof TaskState];

export interface Scheduler {
  schedule(task: Task<unknown>): void;
}

export class Task<T> {
  future: Future<T> | null;
  state: TaskState = TaskState.Running;
  queued = false;
  value: T | undefined;
  error: unknown;
  /** Someone polled or awaited the JoinHandle: errors are theirs to handle. */
  observed = false;
  detached = false;
  /** Its error went to onUnhandledError already: never report it twice (detach, then GC of the handle). */
  reported = false;
  /** The future of a blockOn() or run(): closing the runtime fails it with ERR_CLOSED. */
  root = false;
  /** Aborted from inside its own poll: disposed as soon as that poll returns (see Executor.abort). */
  abortRequested = false;
  readonly cx: Context;
  /** Wakers of whoever awaits the JoinHandle (futures) and promise callbacks. */
  joinWaker: Waker | null = null;
  /** Links in the runtime's list of live tasks (intrusive: no Set entry per task). */
  prev: Task<unknown> | null = null;
  next: Task<unknown> | null = null;
  /** Promise callbacks of `JoinHandle.then`, made on first use. */
  listeners: (() => void)[] | null = null;
  readonly #scheduler: Scheduler;

  constructor(scheduler: Scheduler, future: Future<T>) {
    this.#scheduler = scheduler;
    this.future = future;
    this.cx = new Context(Waker.from(this));
  }

  wake(): void {
    if (this.queued || this.state !== TaskState.Running) return;
    this.queued = true;
    this.#scheduler.schedule(this as Task<unknown>);
  }

  /** Records the outcome and tells whoever waits. */
  finish(state: TaskState, value?: T, error?: unknown): void {
    this.state = state;
    this.value = value;
    this.error = error;
    this.future = null;
    const w = this.joinWaker;
    this.joinWaker = null;
    w?.wake();
    const listeners = this.listeners;
    this.listeners = null;
    if (listeners !== null) for (const l of listeners) l();
  }
}
