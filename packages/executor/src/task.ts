/**
 * Task: a spawned future, its own context and waker target (no Context, closure or Waker per
 * task: the waker is made only if the future waits), and its outcome. A task is queued at most
 * once however many times it is woken before it runs; waking a finished task does nothing.
 */
import { Context, type Future, type JoinSlot } from '@ferrite/future';

export const TaskState = { Running: 0, Succeeded: 1, Failed: 2, Aborted: 3 } as const;
export type TaskState = (typeof TaskState)[keyof typeof TaskState];

/** What a task and its JoinHandle need from the executor that runs them. */
export interface Scheduler {
  schedule(task: Task<unknown>): void;
  abort(task: Task<unknown>): void;
  reportUnobserved(task: Task<unknown>): void;
  /** Make sure the task's runtime runs: attach it to Node's loop (as run() does). */
  attach(): void;
}

// The task's yes/no facts, packed in one field: every task is live at once in a large join, so
// its size is what the garbage collector copies (a field per flag showed in GC profiles).
const STATE_BITS = 3; // TaskState: 0..3
const QUEUED = 4;
const OBSERVED = 8;
const DETACHED = 16;
const REPORTED = 32;
const ROOT = 64;
const ABORT_REQUESTED = 128;
const CONSUMED = 256;

export class Task<T> extends Context {
  /** The state (low bits, see STATE_BITS) and the yes/no facts above them, in one field. */
  #flags: number = TaskState.Running;
  /** The future while running; then the value (Succeeded) or the error (Failed, Aborted). */
  #slot: unknown;
  /**
   * Who awaits the JoinHandle as a future: the context of its most recent poll. The context,
   * not its waker: a joining context that is its own wake target (a task, a joinAll child) then
   * needs no Waker kept alive per waiting handle, only a short-lived one when the task finishes.
   */
  /**
   * Or, when `joinIndex` >= 0, the join to tell (`markReady(joinIndex)`) when the task finishes:
   * the handle was polled as that child of a join by the join protocol (`POLL_JOINED`), with no
   * context or waker of its own.
   */
  joiner: Context | JoinSlot | null = null;
  joinIndex = -1;
  /** Links in the runtime's list of live tasks (intrusive: no Set entry per task). */
  prev: Task<unknown> | null = null;
  next: Task<unknown> | null = null;
  /**
   * The promise of `JoinHandle.then`, made on first use, and (while the task runs) what settles
   * it. One per task, as there is one handle per task.
   */
  awaited: { promise: Promise<T>; settle: (() => void) | null } | null = null;
  /**
   * The JoinHandle while nothing has decided whether its loss matters: the task holds it (so it
   * cannot be collected while the task runs) until the task fails unobserved, when the executor
   * registers it with its FinalizationRegistry and lets go (see Executor.#poll). A task that
   * succeeds, or whose handle is observed, never costs a registration.
   */
  handle: object | null = null;
  /** The executor that runs it (also what its JoinHandle asks to abort, report, attach). */
  readonly scheduler: Scheduler;

  constructor(scheduler: Scheduler, future: Future<T>) {
    super();
    this.scheduler = scheduler;
    this.#slot = future;
  }

  /** Running, Succeeded, Failed or Aborted. */
  get state(): TaskState {
    return (this.#flags & STATE_BITS) as TaskState;
  }

  /** The future while running; null once finished. */
  get future(): Future<T> | null {
    return (this.#flags & STATE_BITS) === TaskState.Running ? (this.#slot as Future<T>) : null;
  }

  #flag(bit: number): boolean {
    return (this.#flags & bit) !== 0;
  }

  #set(bit: number, on: boolean): void {
    this.#flags = on ? this.#flags | bit : this.#flags & ~bit;
  }

  /** In the ready queue. */
  get queued(): boolean {
    return this.#flag(QUEUED);
  }
  set queued(on: boolean) {
    this.#set(QUEUED, on);
  }

  /** Someone polled or awaited the JoinHandle: errors are theirs to handle. */
  get observed(): boolean {
    return this.#flag(OBSERVED);
  }
  set observed(on: boolean) {
    this.#set(OBSERVED, on);
  }

  get detached(): boolean {
    return this.#flag(DETACHED);
  }
  set detached(on: boolean) {
    this.#set(DETACHED, on);
  }

  /** Its error went to onUnhandledError already: never report it twice (detach, then GC of the handle). */
  get reported(): boolean {
    return this.#flag(REPORTED);
  }
  set reported(on: boolean) {
    this.#set(REPORTED, on);
  }

  /** The future of a blockOn() or run(): closing the runtime fails it with ERR_CLOSED. */
  get root(): boolean {
    return this.#flag(ROOT);
  }
  set root(on: boolean) {
    this.#set(ROOT, on);
  }

  /** Aborted from inside its own poll: disposed as soon as that poll returns (see Executor.abort). */
  get abortRequested(): boolean {
    return this.#flag(ABORT_REQUESTED);
  }
  set abortRequested(on: boolean) {
    this.#set(ABORT_REQUESTED, on);
  }

  /** Its JoinHandle gave out the outcome as a future's Ready (or threw it): polling again is an error. */
  get consumed(): boolean {
    return this.#flag(CONSUMED);
  }
  set consumed(on: boolean) {
    this.#set(CONSUMED, on);
  }

  /** The value, once Succeeded. */
  get value(): T | undefined {
    return this.state === TaskState.Succeeded ? (this.#slot as T) : undefined;
  }

  /** The error, once Failed or Aborted. */
  get error(): unknown {
    return this.state === TaskState.Failed || this.state === TaskState.Aborted ? this.#slot : undefined;
  }

  wake(): void {
    if ((this.#flags & (QUEUED | STATE_BITS)) !== 0) return; // queued, or finished (Running is 0)
    this.#flags |= QUEUED;
    this.scheduler.schedule(this as Task<unknown>);
  }

  /** Records the outcome and tells whoever waits. */
  finish(state: TaskState, value?: T, error?: unknown): void {
    this.#flags = (this.#flags & ~STATE_BITS) | state;
    this.#slot = state === TaskState.Succeeded ? value : error;
    const joiner = this.joiner;
    this.joiner = null;
    if (this.joinIndex >= 0) (joiner as JoinSlot).markReady(this.joinIndex);
    else (joiner as Context | null)?.waker.wake();
    const awaited = this.awaited;
    if (awaited !== null && awaited.settle !== null) {
      const settle = awaited.settle;
      awaited.settle = null;
      settle();
    }
  }
}
