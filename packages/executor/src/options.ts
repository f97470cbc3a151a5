/**
 * Argument checks with Node's codes: `ERR_INVALID_ARG_TYPE` (TypeError) for the wrong kind of
 * value, `ERR_INVALID_ARG_VALUE` (RangeError) for an invalid one (NaN, a fraction, 0 or less where
 * a count is needed), `ERR_OUT_OF_RANGE` (RangeError) above a documented maximum. They run before
 * anything is created, so a refused call leaves nothing behind.
 */
import type { Driver } from './driver.js';

/** A larger budget lets one always-ready task hold the thread (and Node's loop) for too long. */
export const MAX_BUDGET = 65_536;

const DRIVER_METHODS = ['park', 'unpark', 'isIdle', 'enter', 'attach', 'detach', 'updateRef', 'close'] as const;

export interface CheckedOptions {
  driver: Driver | undefined;
  budget: number;
  onUnhandledError: ((error: unknown) => void) | undefined;
}

export function checkOptions(opts: unknown): CheckedOptions {
  if (opts === undefined) opts = {};
  if (opts === null || typeof opts !== 'object') throw invalidArgType('options', 'an object', opts);
  const { driver, budget = 61, onUnhandledError } = opts as Record<string, unknown>;
  if (driver !== undefined && (driver === null || typeof driver !== 'object' || DRIVER_METHODS.some((m) => typeof (driver as Record<string, unknown>)[m] !== 'function'))) {
    throw invalidArgType('options.driver', `a Driver (with ${DRIVER_METHODS.join(', ')})`, driver);
  }
  if (typeof budget !== 'number') throw invalidArgType('options.budget', 'a number', budget);
  if (!Number.isInteger(budget) || budget < 1) throw invalidArgValue('options.budget', 'an integer >= 1', budget);
  if (budget > MAX_BUDGET) throw outOfRange('options.budget', `<= ${MAX_BUDGET}`, budget);
  if (onUnhandledError !== undefined && typeof onUnhandledError !== 'function') {
    throw invalidArgType('options.onUnhandledError', 'a function', onUnhandledError);
  }
  return { driver: driver as Driver | undefined, budget, onUnhandledError: onUnhandledError as CheckedOptions['onUnhandledError'] };
}

/** Anything with a `poll` method (the `Future` interface). */
export function checkFuture(f: unknown, name = 'future'): void {
  if (f === null || typeof f !== 'object' || typeof (f as { poll?: unknown }).poll !== 'function') {
    throw invalidArgType(name, 'a Future (an object with a poll method)', f);
  }
}

function invalidArgType(name: string, expected: string, actual: unknown): TypeError {
  return Object.assign(new TypeError(`${name} must be ${expected}, got ${describe(actual)}`), { code: 'ERR_INVALID_ARG_TYPE' });
}

function invalidArgValue(name: string, expected: string, actual: unknown): RangeError {
  return Object.assign(new RangeError(`${name} must be ${expected}, got ${describe(actual)}`), { code: 'ERR_INVALID_ARG_VALUE' });
}

function outOfRange(name: string, range: string, actual: unknown): RangeError {
  return Object.assign(new RangeError(`${name} must be ${range}, got ${describe(actual)}`), { code: 'ERR_OUT_OF_RANGE' });
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}...` : v}' (string)`;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return `${String(v)} (${typeof v})`;
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'function') return 'a function';
  return `an instance of ${(v as object).constructor?.name ?? 'Object'}`;
}
