/**
 * Argument checks for the public API, with Node's codes so callers can tell misuse apart:
 * - `ERR_INVALID_ARG_TYPE` (TypeError): not the right kind of value at all ('5' for a delay);
 * - `ERR_INVALID_ARG_VALUE` (RangeError): the right type, not a valid value (NaN, negative,
 *   Infinity where a finite value is needed, 0 where it must be positive).
 * A bad argument is refused where it is passed, before any state changes, so it cannot leave a
 * reactor half-updated.
 */

export function invalidArgType(name: string, expected: string, actual: unknown): TypeError {
  return Object.assign(new TypeError(`${name} must be ${expected}, got ${describe(actual)}`), { code: 'ERR_INVALID_ARG_TYPE' });
}

export function invalidArgValue(name: string, expected: string, actual: unknown): RangeError {
  return Object.assign(new RangeError(`${name} must be ${expected}, got ${describe(actual)}`), { code: 'ERR_INVALID_ARG_VALUE' });
}

/** A delay in ms: a finite number >= 0. Huge finite delays are fine (see `Reactor.addTimer`). */
export function checkDelay(ms: unknown, name = 'delay'): asserts ms is number {
  if (typeof ms !== 'number') throw invalidArgType(name, 'a number of milliseconds', ms);
  if (!(ms >= 0) || ms === Infinity) throw invalidArgValue(name, 'a finite number >= 0', ms);
}

/** Anything with a `poll` method (the `Future` interface). */
export function checkFuture(f: unknown, name = 'future'): void {
  if (f === null || typeof f !== 'object' || typeof (f as { poll?: unknown }).poll !== 'function') {
    throw invalidArgType(name, 'a Future (an object with a poll method)', f);
  }
}

/** null, or a Waker (anything with a `wake` method): a bad one would only fail when it fires. */
export function checkWaker(w: unknown, name = 'waker'): void {
  if (w !== null && (typeof w !== 'object' || typeof (w as { wake?: unknown }).wake !== 'function')) {
    throw invalidArgType(name, 'a Waker or null', w);
  }
}

export function checkBytes(buf: unknown, name = 'buf'): void {
  if (!(buf instanceof Uint8Array)) throw invalidArgType(name, 'a Uint8Array', buf);
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}...` : v}' (string)`;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return `${String(v)} (${typeof v})`;
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'function') return 'a function';
  return `an instance of ${(v as object).constructor?.name ?? 'Object'}`;
}
