/**
 * What the executor knows of a task: its states, the role the executor plays for it
 * (`Scheduler`), and the bits of its one `flags` field. The task itself is its `JoinHandle`
 * (join-handle.ts): one object per spawned future, which is also its context and wake target.
 */
export const TaskState = { Running: 0, Succeeded: 1, Failed: 2, Aborted: 3 } as const;
export type TaskState = (typeof TaskState)[keyof typeof TaskState];

/** What a task needs from the executor that runs it. */
export interface Scheduler {
  schedule(task: Task): void;
  abort(task: Task): void;
  reportUnobserved(task: Task): void;
  /** An error nobody can observe any more (its handle was collected): to onUnhandledError. */
  reportError(error: unknown): void;
  /** Make sure the task's runtime runs: attach it to Node's loop (as run() does). */
  attach(): void;
}

/** A task of any output type: a JoinHandle, as the executor sees it. */
export type Task = import('./join-handle.js').JoinHandle<unknown>;

// The yes/no facts of a task, packed with its state in one field: every task is live at once in
// a large join, and each field more per task showed as garbage-collector time (copying).
export const STATE_BITS = 3; // TaskState: 0..3
export const QUEUED = 1 << 2;
/** Someone polled or awaited the handle: errors are theirs to handle. */
export const OBSERVED = 1 << 3;
export const DETACHED = 1 << 4;
/** Its error went to onUnhandledError already: never twice (detach, then GC of the handle). */
export const REPORTED = 1 << 5;
/**
 * In the executor's registry of unfinished tasks (`#live`, or `#roots`), which a spawned task
 * enters when it first waits: one that finishes at its first poll never does. It means something
 * only while the task runs and REPORTED only once it has finished, so the two share a bit (the
 * flags have none to spare below the join index); finishing clears it.
 */
export const LISTED = REPORTED;
/** The future of a blockOn() or run(): closing the runtime fails it with ERR_CLOSED. */
export const ROOT = 1 << 6;
/** Aborted from inside its own poll: disposed as soon as that poll returns (Executor.abort). */
export const ABORT_REQUESTED = 1 << 7;
/** The handle gave out the outcome (as a poll's Ready, a throw, or to its join: markDone): polling again is an error. */
export const CONSUMED = 1 << 8;
/** `then` was called: the promise to settle is in the awaited table (join-handle.ts). */
export const AWAITED = 1 << 9;
/** Failed unobserved: the handle is in the forgotten-handle registry until observed (executor.ts). */
export const WATCHED = 1 << 10;
/** The joiner is a join told by index (the join protocol); the index sits above INDEX_SHIFT. */
export const JOINED = 1 << 11;
export const INDEX_SHIFT = 12;
/** Join indices up to this fit the flags (a 32-bit small integer); larger ones get a context. */
export const MAX_PACKED_INDEX = (1 << (31 - INDEX_SHIFT)) - 1;
/** The flags without the joiner's kind and index. */
export const FLAG_MASK = JOINED - 1;
