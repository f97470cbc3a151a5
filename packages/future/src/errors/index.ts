/**
 * @ferrite/future/errors: the error base and argument checks for layers built on ferrite (the
 * reactor, the executor, the HTTP client, TLS, or your own), so every package throws the same
 * shapes: a `FerriteError` subclass with a typed `code` for what goes wrong at run time, and
 * Node's `ERR_INVALID_ARG_TYPE` / `ERR_INVALID_ARG_VALUE` / `ERR_OUT_OF_RANGE` for misuse.
 *
 * ```ts
 * import { FerriteError, checkDelay, checkInteger } from '@ferrite/future/errors';
 *
 * export type PoolErrorCode = 'ERR_CLOSED' | 'ERR_POOL_FULL';
 * export class PoolError extends FerriteError<PoolErrorCode> {}
 *
 * let pools = 0;
 * export function openPool(size: unknown, idleMs: unknown) {
 *   checkInteger(size, 'size', 1);          // '4' → TypeError ERR_INVALID_ARG_TYPE, 0 → RangeError ERR_INVALID_ARG_VALUE
 *   checkDelay(idleMs, 'idleMs');           // a finite number >= 0
 *   if (pools === 8) throw new PoolError('ERR_POOL_FULL', 'no room for another pool');
 *   pools++;
 * }
 * ```
 */
export { FerriteError } from './ferrite-error.js';
export {
  ArgumentRangeError, ArgumentTypeError, checkBytes, checkDelay, checkFunction, checkFuture, checkInteger, checkObject,
  checkTimeout, checkWaker, describeValue, invalidArgType, invalidArgValue, outOfRange, type ArgumentErrorCode,
} from './args.js';
