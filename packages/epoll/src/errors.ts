/**
 * Errors raised by @ferrite/epoll: two classes, each with a stable `code`.
 *
 * - {@link SystemError}: a failed syscall or DNS lookup, shaped like Node's own (`code`
 *   'ECONNREFUSED', negative `errno`, `syscall` 'connect'; lookups also carry `hostname`), so code
 *   that already handles `net` and `dns` errors handles ours.
 * - {@link EpollError}: everything else (misuse, bad arguments, a closed object), with a code
 *   from {@link EpollErrorCode}. The native addon throws it too (it is handed the class at load).
 *
 * This package depends on nothing, so EpollError extends `Error` directly rather than
 * @ferrite/future's `EpollError` base; it has the same shape (`name`, typed `code`, `message`).
 */
import { getSystemErrorMap } from 'node:util';

export class SystemError extends Error {
  readonly code: string;
  readonly errno: number;
  readonly syscall: string;
  /** The name looked up, for `syscall: 'getaddrinfo'` (as in Node's dns errors); else absent. */
  readonly hostname?: string;

  /**
   * `errno` is negative, as in Node. `lookup` is for getaddrinfo failures, whose code is Node's
   * (`ENOTFOUND` for EAI_NONAME) and whose message names the host.
   */
  constructor(errno: number, syscall: string, lookup?: { code: string; hostname: string }) {
    const [code, description] = getSystemErrorMap().get(errno) ?? [`Unknown system error ${errno}`, 'unknown error'];
    super(lookup ? `${syscall} ${lookup.code} ${lookup.hostname}` : `${syscall} ${code}: ${description}`);
    this.name = 'SystemError';
    this.code = lookup?.code ?? code;
    this.errno = errno;
    this.syscall = syscall;
    if (lookup) this.hostname = lookup.hostname;
  }
}

/** Every code an {@link EpollError} can carry. */
export type EpollErrorCode =
  /** Using a `Poll`, socket, fd object, `Waker` (or its cell) or `Resolver` after `close()`. */
  | 'ERR_CLOSED'
  /** An argument of the wrong type (a native method called with one included). */
  | 'ERR_INVALID_ARG_TYPE'
  /** An argument of the right type and a wrong value (a bad token, mode, capacity, host name...). */
  | 'ERR_INVALID_ARG_VALUE'
  /** A number outside its range (an `Events` index, a native argument). */
  | 'ERR_OUT_OF_RANGE'
  /** Not `'host:port'`, `'[v6]:port'` or `{ host, port }`; or not an IP literal where one is needed. */
  | 'ERR_INVALID_ADDRESS'
  /** `new SignalListener(name)` with a name that is no signal. */
  | 'ERR_UNKNOWN_SIGNAL'
  /** `net.tcpPair()`: the loopback connection was not accepted in time. */
  | 'ERR_TIMEOUT'
  /** An operation the object cannot do in its state or kind (reading a counter of a socket...). */
  | 'ERR_INVALID_STATE'
  /** Constructing a native class from JavaScript. */
  | 'ERR_ILLEGAL_CONSTRUCTOR'
  /** A native method called on an object of another class. */
  | 'ERR_INVALID_THIS'
  /** Loading the package on another OS. */
  | 'ERR_UNSUPPORTED_PLATFORM'
  /** Loading the package when its native build is missing (install scripts skipped). */
  | 'ERR_NATIVE_BUILD_MISSING';

/** A coded error of this package that is not a failed syscall; see {@link EpollErrorCode}. */
export class EpollError extends Error {
  override readonly name = 'EpollError';

  constructor(readonly code: EpollErrorCode, message: string) {
    super(message);
  }
}

/** Using a `Poll`, socket or fd object after `close()`. */
export function closedError(what: string): EpollError {
  return new EpollError('ERR_CLOSED', `${what} is closed`);
}

export function invalidArg(message: string): EpollError {
  return new EpollError('ERR_INVALID_ARG_VALUE', message);
}
