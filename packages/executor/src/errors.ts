/** Errors raised by @ferrite/executor; each has a stable `code`. */
export class RuntimeError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'RuntimeError';
    this.code = code;
  }
}

/** The task was aborted (`JoinHandle.abort()` or `Runtime.close()`) before it finished. */
export class TaskAborted extends Error {
  readonly code = 'ERR_TASK_ABORTED';

  constructor() {
    super('task was aborted');
    this.name = 'TaskAborted';
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

export const runtimeClosed = () => new RuntimeError('ERR_RUNTIME_CLOSED', 'Runtime is closed');
