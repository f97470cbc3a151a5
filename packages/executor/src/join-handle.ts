/**
 * JoinHandle<T>: the result of a spawned task, as a `Future<T>` (await it in another task) and a
 * `PromiseLike<T>` (await it from async code: that drives the task's runtime in Node's loop).
 * `abort()` cancels the task at once: its future is disposed, which closes its sockets, cancels
 * its timers and removes its registrations.
 *
 * The handle *is* the task (tokio's task header plays the same three parts): the future and its
 * outcome, the context its future is polled with and the target its waker wakes. A spawn then
 * costs one object besides the future, which is what a join of many tasks keeps alive (a handle
 * apart from its task was a third of the garbage collector's copying in `node --cpu-prof`).
 */
import { PENDING, POLL_JOINED, Poll, PolledAfterCompletion, Waker, type Context, type Future, type JoinSlot } from '@ferrite/future';
import { RuntimeError } from './errors.js';
import { JoinedContext, Pollers, samePoller } from './pollers.js';
import {
  ABORT_REQUESTED, AWAITED, CONSUMED, DETACHED, FLAG_MASK, INDEX_SHIFT, JOINED, LISTED, MAX_PACKED_INDEX, OBSERVED, QUEUED,
  REPORTED, ROOT, STATE_BITS, TaskState, WATCHED, type Scheduler, type Task,
} from './task.js';

const KEY: unique symbol = Symbol('JoinHandle');

/** The promise of `then`, made on first use; `settle` while the task runs. Rare: kept aside. */
interface Awaited {
  promise: Promise<unknown>;
  settle: (() => void) | null;
}
const awaitedOf = new WeakMap<Task, Awaited>();

/**
 * Handles of tasks that failed with nobody observing them: when such a handle is collected, its
 * error can no longer be observed, so it is reported. The held value holds the error, never the
 * handle (which would then never be collected); a handle observed or detached meanwhile leaves.
 */
const forgotten = new FinalizationRegistry<{ scheduler: Scheduler; error: unknown }>(({ scheduler, error }) => scheduler.reportError(error));

/** The executor's access to a task's insides (join-handle.ts keeps them private). */
export interface TaskAccess {
  /** A new task, Running and already QUEUED: the caller must put it in the ready queue. */
  create<T>(scheduler: Scheduler, future: Future<T>): JoinHandle<T>;
  flags(task: Task): number;
  setFlags(task: Task, on: number): void;
  /** The future while running, else null. */
  future(task: Task): Future<unknown> | null;
  /** Takes a task off the ready queue: clears QUEUED; returns its future while running, else null. */
  dequeue(task: Task): Future<unknown> | null;
  /** The value (Succeeded) or the error (Failed, Aborted). */
  outcome(task: Task): unknown;
  /** `outcome`: the future's output (Succeeded), or the error (Failed, Aborted). */
  finish(task: Task, state: TaskState, outcome: unknown): void;
  /** Polls the task's future with the task as its context. */
  poll(task: Task, future: Future<unknown>): Poll<unknown>;
  /** The task failed unobserved: report its error if its handle is collected unobserved. */
  watch(task: Task): void;
  /** Stop watching (observed, or reported some other way). */
  unwatch(task: Task): void;
}
export let tasks: TaskAccess;

export class JoinHandle<T> implements Future<T>, PromiseLike<T> {
  // Five fields: each one more per task cost the spawn + join benchmark dearly (V8 copies every
  // live task through the young generation; past seven fields the cost jumped), so the join index
  // shares `#flags`, the rare `then` promise lives in a side table, and the executor's registry
  // of live tasks is an array rather than links through the tasks.
  /** The task's waker, made when its future first asks for one. */
  #waker: Waker | null = null;
  /**
   * The state (low bits), the yes/no facts of task.ts and, when JOINED, the join index. A new
   * task is Running and QUEUED: the executor queues it as it makes it (no wake() to go through).
   */
  #flags: number = TaskState.Running | QUEUED;
  /**
   * The future while running; then its output (Succeeded) or the error (Failed, Aborted). Only
   * the output: the future, and the Ready it gave, are let go as soon as the task finishes.
   */
  #slot: unknown;
  readonly #scheduler: Scheduler;
  /**
   * Who waits for the outcome as a future: the context of the handle's most recent poll (its
   * waker is asked for only when the task finishes), or with JOINED, the join to tell by index.
   */
  #joiner: Context | JoinSlot | JoinedContext | Pollers | null = null;

  // Only the executor makes handles (through `tasks.create`): the public type has no usable
  // constructor, and one called from JavaScript without the module's key is refused.
  private constructor(key: typeof KEY, scheduler: Scheduler, future: Future<T>) {
    if (key !== KEY) throw new RuntimeError('ERR_ILLEGAL_CONSTRUCTOR', 'JoinHandle has no public constructor: spawn() a future to get one');
    this.#scheduler = scheduler;
    this.#slot = future;
  }

  static {
    tasks = {
      create: (scheduler, future) => new JoinHandle(KEY, scheduler, future),
      flags: (t) => t.#flags,
      setFlags: (t, on) => void (t.#flags |= on),
      future: (t) => ((t.#flags & STATE_BITS) === TaskState.Running ? (t.#slot as Future<unknown>) : null),
      dequeue(t) {
        const flags = t.#flags;
        t.#flags = flags & ~QUEUED;
        return (flags & STATE_BITS) === TaskState.Running ? (t.#slot as Future<unknown>) : null;
      },
      outcome: (t) => t.#outcome(),
      finish: (t, state, outcome) => t.#finish(state, outcome),
      poll: (t, future) => future.poll(t as unknown as Context),
      watch(t) {
        t.#flags |= WATCHED;
        forgotten.register(t, { scheduler: t.#scheduler, error: t.#slot }, t);
      },
      unwatch(t) {
        if ((t.#flags & WATCHED) === 0) return;
        t.#flags &= ~WATCHED;
        forgotten.unregister(t);
      },
    };
  }

  /** @internal The task's waker (the handle is the context its future is polled with). */
  get waker(): Waker {
    return (this.#waker ??= Waker.from(this));
  }

  /** @internal Queues the task (once, however often it is woken); a finished task ignores it. */
  wake(): void {
    const flags = this.#flags;
    if ((flags & (QUEUED | STATE_BITS)) !== 0) return; // queued, or finished (Running is 0)
    this.#flags = flags | QUEUED;
    this.#scheduler.schedule(this as Task);
  }

  poll(cx: Context): Poll<T> {
    return this.#poll(cx, -1);
  }

  /**
   * The join protocol (`POLL_JOINED` of @ferrite/future): as `poll`, but the task tells `join`
   * itself when it finishes, so a join of many handles needs no context or waker per handle.
   */
  [POLL_JOINED](join: JoinSlot, index: number): Poll<T> {
    return this.#poll(join, index);
  }

  #poll(joiner: Context | JoinSlot, index: number): Poll<T> {
    const flags = this.#flags;
    if ((flags & CONSUMED) !== 0) throw new PolledAfterCompletion('JoinHandle');
    if ((flags & STATE_BITS) === TaskState.Running) {
      if (this.#joiner !== null && !this.#isJoiner(flags, joiner, index)) {
        this.#addPoller(flags, joiner, index);
        return PENDING;
      }
      if (index < 0) {
        this.#joiner = joiner;
        this.#flags = (flags & FLAG_MASK & ~JOINED) | OBSERVED;
      } else if (index <= MAX_PACKED_INDEX) {
        this.#joiner = joiner;
        this.#flags = (flags & FLAG_MASK) | OBSERVED | JOINED | (index << INDEX_SHIFT);
      } else {
        this.#joiner = new JoinedContext(joiner as JoinSlot, index);
        this.#flags = (flags & FLAG_MASK & ~JOINED) | OBSERVED;
      }
      return PENDING;
    }
    this.#observe(CONSUMED);
    if ((flags & STATE_BITS) === TaskState.Succeeded) return Poll.ready(this.#slot as T);
    throw this.#slot;
  }

  /** Whether this poll comes from the poller the handle already tells (a re-poll replaces it). */
  #isJoiner(flags: number, joiner: Context | JoinSlot, index: number): boolean {
    const current = this.#joiner!;
    if ((flags & JOINED) !== 0) return current === joiner && index === flags >>> INDEX_SHIFT;
    if (current instanceof Pollers) return false;
    return samePoller(current as Context | JoinedContext, joiner, index);
  }

  /** A second place polls the handle: from now on every poller is told (see Pollers). */
  #addPoller(flags: number, joiner: Context | JoinSlot, index: number): void {
    let pollers = this.#joiner;
    if (!(pollers instanceof Pollers)) {
      const first = (flags & JOINED) !== 0 ? new JoinedContext(pollers as JoinSlot, flags >>> INDEX_SHIFT) : (pollers as Context | JoinedContext);
      pollers = this.#joiner = new Pollers(first);
    }
    (pollers as Pollers).add(joiner, index);
    this.#flags = (flags & FLAG_MASK & ~JOINED) | OBSERVED;
  }

  #outcome(): unknown {
    const state = this.#flags & STATE_BITS;
    return state === TaskState.Running ? undefined : this.#slot;
  }

  /** Marks the handle observed (and `more`); a failure it watched for is no longer unobserved. */
  #observe(more: number): void {
    const flags = this.#flags;
    this.#flags = flags | OBSERVED | more;
    if ((flags & WATCHED) !== 0) tasks.unwatch(this as Task);
  }

  /** Records the outcome and tells whoever waits. */
  #finish(state: TaskState, outcome: unknown): void {
    const flags = this.#flags;
    const kept = (flags & FLAG_MASK & ~(STATE_BITS | JOINED | LISTED)) | state;
    this.#flags = kept;
    this.#slot = outcome;
    const joiner = this.#joiner;
    this.#joiner = null;
    if ((flags & JOINED) !== 0) {
      const join = joiner as JoinSlot;
      // A value goes straight to a join that takes it (JoinSlot.markDone): it has the outcome,
      // as if it had polled the handle; an error waits for the join's poll, to be thrown there.
      if (state === TaskState.Succeeded && join.markDone !== undefined) {
        this.#flags = kept | CONSUMED;
        join.markDone(flags >>> INDEX_SHIFT, outcome);
      } else join.markReady(flags >>> INDEX_SHIFT);
    } else if (joiner !== null) (joiner as Context).waker.wake();
    if ((flags & AWAITED) !== 0) {
      const awaited = awaitedOf.get(this as Task)!;
      const settle = awaited.settle;
      awaited.settle = null;
      settle?.();
    }
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
    this.#observe(0);
    let awaited = (this.#flags & AWAITED) !== 0 ? awaitedOf.get(this as Task)! : null;
    if (awaited === null) {
      let settle: (() => void) | null = null;
      const promise = new Promise<T>((resolve, reject) => {
        settle = () => ((this.#flags & STATE_BITS) === TaskState.Succeeded ? resolve(this.#outcome() as T) : reject(this.#slot));
      });
      awaited = { promise, settle };
      awaitedOf.set(this as Task, awaited);
      this.#flags |= AWAITED;
      if ((this.#flags & STATE_BITS) === TaskState.Running) this.#scheduler.attach();
      else {
        awaited.settle = null;
        settle!();
      }
    }
    return (awaited.promise as Promise<T>).then(onFulfilled, onRejected);
  }

  /**
   * Cancels the task now (if unfinished): its future is disposed, so its `finally` blocks run and
   * what it holds is closed; awaiting it throws TaskAborted. From inside the task itself, the
   * disposal happens when the task next yields (a running generator cannot be disposed).
   */
  abort(): void {
    this.#scheduler.abort(this as Task);
  }

  isFinished(): boolean {
    return (this.#flags & STATE_BITS) !== TaskState.Running;
  }

  /** Lets the task run on unobserved; if it fails, its error is reported rather than lost. */
  detach(): void {
    this.#flags |= DETACHED;
    if ((this.#flags & (STATE_BITS | OBSERVED)) === TaskState.Failed) this.#scheduler.reportUnobserved(this as Task);
  }

  /** Disposing a handle aborts its task (as dropping an unfinished scope would). */
  [Symbol.dispose](): void {
    this.abort();
  }
}

// Flags the executor reads by name (re-exported so that it needs one import).
export { ABORT_REQUESTED, DETACHED, LISTED, OBSERVED, QUEUED, REPORTED, ROOT, STATE_BITS };
