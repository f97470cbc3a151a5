/** The errors @ferrite/reactor throws: one class on `FerriteError`, a union of codes. */
import { FerriteError } from '@ferrite/future/errors';

/**
 * - `ERR_CLOSED`: the reactor, or the socket/stream waited on, is closed (the message says which);
 * - `ERR_NO_REACTOR`: a reactor future polled outside any runtime (no reactor entered);
 * - `ERR_FOREIGN_REACTOR`: a socket or signal stream polled under one runtime while a task of
 *   another still waits on it;
 * - `ERR_TIMEOUT`: `timeout(future, ms)` expired (`TimeoutError`);
 * - `ENOTFOUND`: a host name resolved to no address at all (getaddrinfo's own failures keep
 *   their codes, `ENOTFOUND`, `EAI_AGAIN`, from @ferrite/epoll).
 */
export type ReactorErrorCode = 'ERR_CLOSED' | 'ERR_NO_REACTOR' | 'ERR_FOREIGN_REACTOR' | 'ERR_TIMEOUT' | 'ENOTFOUND';

export class ReactorError extends FerriteError<ReactorErrorCode> {}

/** `timeout(future, ms)` expired; the inner future was disposed. */
export class TimeoutError extends ReactorError {
  /** The limit that expired, ms. */
  readonly ms: number;

  constructor(ms: number) {
    super('ERR_TIMEOUT', `timed out after ${ms} ms`);
    this.ms = ms;
  }
}

export const noReactor = () =>
  new ReactorError('ERR_NO_REACTOR', 'no reactor: poll this future inside a ferrite runtime (Runtime.blockOn / run) or reactor.enter()');

/** ERR_CLOSED; `what` says what is closed. */
export const closedError = (what: string) => new ReactorError('ERR_CLOSED', what);
