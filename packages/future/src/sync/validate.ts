/**
 * Argument checks with Node's codes, as the other ferrite packages do: `ERR_INVALID_ARG_TYPE`
 * (TypeError) for the wrong kind of value, `ERR_INVALID_ARG_VALUE` (RangeError) for a number that
 * is not a safe integer in range, `ERR_OUT_OF_RANGE` (RangeError) for a total past 2^53 - 1. They
 * run at the call, before any state changes.
 */

/** `value` as a safe integer >= `min`, or throws. */
export function checkCount(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number') {
    throw Object.assign(new TypeError(`${name} must be a number, got ${describe(value)}`), { code: 'ERR_INVALID_ARG_TYPE' });
  }
  if (!Number.isSafeInteger(value) || value < min) {
    throw Object.assign(new RangeError(`${name} must be a safe integer >= ${min}, got ${describe(value)}`), { code: 'ERR_INVALID_ARG_VALUE' });
  }
  return value;
}

export function outOfRange(message: string): RangeError {
  return Object.assign(new RangeError(message), { code: 'ERR_OUT_OF_RANGE' });
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}...` : v}' (string)`;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return `${String(v)} (${typeof v})`;
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'function') return 'a function';
  return `an instance of ${(v as object).constructor?.name ?? 'Object'}`;
}
