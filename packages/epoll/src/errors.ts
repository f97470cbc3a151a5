/**
 * Errors raised by @ferrite/epoll. Every error carries a stable `code`.
 *
 * Failed syscalls become {@link SystemError}s shaped like Node's own (`code` 'ECONNREFUSED',
 * negative `errno`, `syscall` 'connect'), so code that already handles `net` errors handles ours.
 */
import { getSystemErrorMap } from 'node:util';

export class SystemError extends Error {
  readonly code: string;
  readonly errno: number;
  readonly syscall: string;

  constructor(errno: number, syscall: string) {
    const [code, description] = getSystemErrorMap().get(errno) ?? [`Unknown system error ${errno}`, 'unknown error'];
    super(`${syscall} ${code}: ${description}`);
    this.name = 'SystemError';
    this.code = code;
    this.errno = errno;
    this.syscall = syscall;
  }
}

/** An error of ours with a stable `code` (`ERR_CLOSED`, `ERR_INVALID_ARG_VALUE`, ...). */
export class FerriteError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'FerriteError';
    this.code = code;
  }
}

/** Using a `Poll`, socket or fd object after `close()`. */
export function closedError(what: string): FerriteError {
  return new FerriteError('ERR_CLOSED', `${what} is closed`);
}

export function invalidArg(message: string): FerriteError {
  return new FerriteError('ERR_INVALID_ARG_VALUE', message);
}
