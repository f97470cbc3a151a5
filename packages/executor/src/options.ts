/**
 * Runtime options, checked at `new Runtime()` with Node's codes (the shared checks of
 * @ferrite/future/errors): `ERR_INVALID_ARG_TYPE` for the wrong kind of value,
 * `ERR_INVALID_ARG_VALUE` for a budget that is not an integer >= 1, `ERR_OUT_OF_RANGE` above
 * `MAX_BUDGET`. They run before anything is created, so a refused call leaves nothing behind.
 */
import { checkInteger, checkObject, invalidArgType } from '@ferrite/future/errors';
import type { Driver } from './driver.js';

/** A larger budget lets one always-ready task hold the thread (and Node's loop) for too long. */
export const MAX_BUDGET = 65_536;

const DRIVER_METHODS = ['park', 'unpark', 'isIdle', 'enter', 'attach', 'detach', 'updateRef', 'close'] as const;

export interface CheckedOptions {
  driver: Driver | undefined;
  budget: number;
  onUnhandledError: ((error: unknown) => void) | undefined;
}

/** Polls between two looks at I/O: tokio's default `event_interval` (61, from Go's scheduler). */
const DEFAULT_BUDGET = 61;

export function checkOptions(opts: unknown): CheckedOptions {
  const { driver, budget = DEFAULT_BUDGET, onUnhandledError } = checkObject(opts) as Record<string, unknown>;
  if (driver !== undefined && (driver === null || typeof driver !== 'object' || DRIVER_METHODS.some((m) => typeof (driver as Record<string, unknown>)[m] !== 'function'))) {
    throw invalidArgType('options.driver', `a Driver (with ${DRIVER_METHODS.join(', ')})`, driver);
  }
  checkInteger(budget, 'options.budget', 1, MAX_BUDGET);
  if (onUnhandledError !== undefined && typeof onUnhandledError !== 'function') {
    throw invalidArgType('options.onUnhandledError', 'a function', onUnhandledError);
  }
  return { driver: driver as Driver | undefined, budget: budget as number, onUnhandledError: onUnhandledError as CheckedOptions['onUnhandledError'] };
}
