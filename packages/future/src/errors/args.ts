/**
 * Argument checks with Node's codes, shared by every ferrite package: a bad argument is refused
 * by the call that passes it, before any state changes, with
 * - `ERR_INVALID_ARG_TYPE` (a `TypeError`): not the right kind of value at all ('5' for a delay);
 * - `ERR_INVALID_ARG_VALUE` (a `RangeError`): the right type, not a valid value (NaN, a
 *   fraction or a number below the minimum where a count is needed, Infinity for a delay);
 * - `ERR_OUT_OF_RANGE` (a `RangeError`): above a documented maximum (by default 2^53 - 1).
 *
 * The errors are `TypeError`/`RangeError` instances named as Node names its own
 * ('TypeError [ERR_INVALID_ARG_TYPE]'), so code written for Node's argument errors works.
 */

/** The codes of the argument errors. */
export type ArgumentErrorCode = 'ERR_INVALID_ARG_TYPE' | 'ERR_INVALID_ARG_VALUE' | 'ERR_OUT_OF_RANGE';

/** `ERR_INVALID_ARG_TYPE`: a value of the wrong kind. */
export class ArgumentTypeError extends TypeError {
  readonly code = 'ERR_INVALID_ARG_TYPE' as const;
}

/** `ERR_INVALID_ARG_VALUE` (an invalid value) or `ERR_OUT_OF_RANGE` (past a maximum). */
export class ArgumentRangeError extends RangeError {
  readonly code: 'ERR_INVALID_ARG_VALUE' | 'ERR_OUT_OF_RANGE';

  constructor(code: 'ERR_INVALID_ARG_VALUE' | 'ERR_OUT_OF_RANGE', message: string) {
    super(message);
    this.code = code;
  }
}

/** `name must be expected, got <what actual is>` as ERR_INVALID_ARG_TYPE. */
export function invalidArgType(name: string, expected: string, actual: unknown): ArgumentTypeError {
  return new ArgumentTypeError(`${name} must be ${expected}, got ${describeValue(actual)}`);
}

/** `name must be expected, got <actual>` as ERR_INVALID_ARG_VALUE. */
export function invalidArgValue(name: string, expected: string, actual: unknown): ArgumentRangeError {
  return new ArgumentRangeError('ERR_INVALID_ARG_VALUE', `${name} must be ${expected}, got ${describeValue(actual)}`);
}

/** `name must be range, got <actual>` as ERR_OUT_OF_RANGE. */
export function outOfRange(name: string, range: string, actual: unknown): ArgumentRangeError {
  return new ArgumentRangeError('ERR_OUT_OF_RANGE', `${name} must be ${range}, got ${describeValue(actual)}`);
}

/** An options argument: an object, or undefined (then `{}`). */
export function checkObject(value: unknown, name = 'options'): object {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object') throw invalidArgType(name, 'an object', value);
  return value;
}

export function checkFunction(value: unknown, name: string): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') throw invalidArgType(name, 'a function', value);
}

/** An integer in [min, max]; max defaults to 2^53 - 1 (a count past it is ERR_OUT_OF_RANGE). */
export function checkInteger(value: unknown, name: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number') throw invalidArgType(name, 'a number', value);
  if (!Number.isInteger(value) || value < min) throw invalidArgValue(name, `an integer >= ${min}`, value);
  if (value > max) throw outOfRange(name, `<= ${max}`, value);
  return value;
}

/** A delay in ms: a finite number >= 0 (how far past 2^53 ms it reaches is the timer's business). */
export function checkDelay(value: unknown, name = 'delay'): asserts value is number {
  if (typeof value !== 'number') throw invalidArgType(name, 'a number of milliseconds', value);
  if (!(value >= 0) || value === Infinity) throw invalidArgValue(name, 'a finite number >= 0', value);
}

/** A time limit in ms: a number >= 0, where Infinity (and, by the caller's contract, often 0) means none. */
export function checkTimeout(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number') throw invalidArgType(name, 'a number of milliseconds', value);
  if (!(value >= 0)) throw invalidArgValue(name, 'a number >= 0 (Infinity: no limit)', value);
}

/** Anything with a `poll` method (the `Future` interface). */
export function checkFuture(value: unknown, name = 'future'): void {
  if (value === null || typeof value !== 'object' || typeof (value as { poll?: unknown }).poll !== 'function') {
    throw invalidArgType(name, 'a Future (an object with a poll method)', value);
  }
}

/** null, or a Waker (anything with a `wake` method): a bad one would only fail when it fires. */
export function checkWaker(value: unknown, name = 'waker'): void {
  if (value !== null && (typeof value !== 'object' || typeof (value as { wake?: unknown }).wake !== 'function')) {
    throw invalidArgType(name, 'a Waker or null', value);
  }
}

export function checkBytes(value: unknown, name = 'buf'): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw invalidArgType(name, 'a Uint8Array', value);
}

/** A short description of a value for a message: its kind, never its whole content. */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}...` : v}' (string)`;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return `${String(v)} (${typeof v})`;
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'function') return 'a function';
  return `an instance of ${(v as object).constructor?.name ?? 'Object'}`;
}
