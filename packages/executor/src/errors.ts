/** The errors @ferrite/executor throws: one class on `FerriteError`, a union of codes. */
import { FerriteError } from '@ferrite/future/errors';

/**
 * - `ERR_CLOSED`: the runtime is closed (or closing): `spawn`/`blockOn`/`run`, and the pending
 *   `blockOn`/`run` future when it closes;
 * - `ERR_NESTED_BLOCK_ON`: `blockOn` inside a `blockOn`, or inside a task `run()` is polling;
 * - `ERR_DEADLOCK`: `blockOn` can never finish (nothing ready, nothing can wake a task);
 * - `ERR_NO_RUNTIME`: `currentRuntime()`/`spawn()` outside any runtime's task;
 * - `ERR_TASK_ABORTED`: the task was aborted (`TaskAborted`);
 * - `ERR_ILLEGAL_CONSTRUCTOR`: `new JoinHandle()` (handles come from `spawn`).
 */
export type RuntimeErrorCode =
  | 'ERR_CLOSED' | 'ERR_NESTED_BLOCK_ON' | 'ERR_DEADLOCK' | 'ERR_NO_RUNTIME' | 'ERR_TASK_ABORTED' | 'ERR_ILLEGAL_CONSTRUCTOR';

export class RuntimeError extends FerriteError<RuntimeErrorCode> {}

/** The task was aborted (`JoinHandle.abort()` or `Runtime.close()`) before it finished. */
export class TaskAborted extends RuntimeError {
  constructor() {
    super('ERR_TASK_ABORTED', 'task was aborted');
  }
}

export const nestedBlockOn = (where: 'blockOn' | 'task' = 'blockOn') =>
  new RuntimeError(
    'ERR_NESTED_BLOCK_ON',
    where === 'blockOn'
      ? 'blockOn() called from inside blockOn(): the outer call already owns this thread; spawn the future instead'
      : 'blockOn() called from inside a task that run() is polling: a task must not block the thread its runtime runs on; ' +
          'await the future in the task (yield* wait(future)) or spawn it instead',
  );

export const deadlock = () =>
  new RuntimeError('ERR_DEADLOCK', 'blockOn() can never finish: no task is ready and nothing (no registration, timer or lookup) can wake one');

export const runtimeClosed = () => new RuntimeError('ERR_CLOSED', 'the Runtime is closed');
