// Argument checks for the public API: each throws a FiberError with a stable code.
//   ERR_INVALID_ARG_TYPE   a positional argument of the wrong type
//   ERR_INVALID_ARG_VALUE  a wrong value: NaN, negative, fractional, too large, an option or
//                          task field of the wrong type
import { FiberError } from './errors.js';

export function typeError(name: string, expected: string, got: unknown): FiberError {
  const what = got === null ? 'null' : Array.isArray(got) ? 'an array' : typeof got;
  return new FiberError('ERR_INVALID_ARG_TYPE', `${name} must be ${expected}, got ${what}`);
}

/** An integer in [min, max]. */
export function integer(name: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new FiberError('ERR_INVALID_ARG_VALUE', `${name} must be an integer from ${min} to ${max}, got ${String(v)}`);
  }
  return v;
}

/** A number >= 0, not NaN (Infinity allowed). */
export function duration(name: string, v: unknown): number {
  if (typeof v !== 'number' || Number.isNaN(v) || v < 0) {
    throw new FiberError('ERR_INVALID_ARG_VALUE', `${name} must be a number >= 0, got ${String(v)}`);
  }
  return v;
}

/** An optional callback (absent: does nothing). */
export function callback(name: string, v: unknown): (...a: number[]) => unknown {
  if (v === undefined) return () => {};
  if (typeof v !== 'function') throw new FiberError('ERR_INVALID_ARG_VALUE', `${name} must be a function`);
  return v as (...a: number[]) => unknown;
}
