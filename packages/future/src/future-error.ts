/** The errors @ferrite/future throws at run time: one class, a union of codes. */
import { FerriteError } from './errors/ferrite-error.js';

/**
 * - `ERR_POLLED_AFTER_COMPLETION`: a finished future was polled again (`PolledAfterCompletion`);
 * - `ERR_CLOSED`: a channel, oneshot or semaphore cannot do it any more (the message says which
 *   and why: the other side is gone, or this handle was closed);
 * - `ERR_NO_RUNTIME`: `await` of a future while no executor registered an await driver;
 * - `ERR_DEADLOCK`: `TestExecutor.block()` found nothing ready and no simulated timer pending.
 */
export type FutureErrorCode = 'ERR_POLLED_AFTER_COMPLETION' | 'ERR_CLOSED' | 'ERR_NO_RUNTIME' | 'ERR_DEADLOCK';

export class FutureError extends FerriteError<FutureErrorCode> {}

/** Polling a future again after it returned Ready (Rust panics; we throw). `fuse()` avoids it. */
export class PolledAfterCompletion extends FutureError {
  constructor(what = 'future') {
    super('ERR_POLLED_AFTER_COMPLETION', `${what} polled after completion`);
  }
}

/** ERR_CLOSED; `message` says what is closed. */
export const closedError = (message: string) => new FutureError('ERR_CLOSED', message);
