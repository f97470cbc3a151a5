/** Errors raised by @ferrite/reactor; each has a stable `code`. */

/** `timeout(future, ms)` expired; the inner future was disposed. */
export class TimeoutError extends Error {
  readonly code = 'ERR_TIMEOUT';

  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/** A reactor future was polled outside any runtime (no reactor has been entered). */
export class NoReactorError extends Error {
  readonly code = 'ERR_NO_REACTOR';

  constructor() {
    super('no reactor: poll this future inside a ferrite runtime (Runtime.blockOn / run) or reactor.enter()');
    this.name = 'NoReactorError';
  }
}

export class ReactorError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'ReactorError';
    this.code = code;
  }
}
