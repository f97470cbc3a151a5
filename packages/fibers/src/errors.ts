/**
 * The one error class of @ferrite/fibers, with a stable `code` from {@link FiberErrorCode}.
 * Both layers throw it: the TypeScript checks, and the native addon (binding.ts hands it the
 * constructor at load). This package depends on nothing, so FiberError extends `Error` directly
 * rather than @ferrite/future's `FerriteError` base; it has the same shape.
 */

/** Every code a {@link FiberError} can carry. */
export type FiberErrorCode =
  /** A positional argument of the wrong type. */
  | 'ERR_INVALID_ARG_TYPE'
  /** NaN, negative, fractional, too large; an option or task field of the wrong type; a blocking fd. */
  | 'ERR_INVALID_ARG_VALUE'
  /** `spawn()` of a task that is not shipped, or of a test-only one (see `@ferrite/fibers/testing`). */
  | 'ERR_UNKNOWN_TASK'
  /** `spawn()` beyond `maxFibers` (nothing is spawned). */
  | 'ERR_TOO_MANY_FIBERS'
  /** Using a runtime after `close()`. */
  | 'ERR_CLOSED'
  /** `run()`/`step()`/`close()` from inside one of this runtime's own callbacks. */
  | 'ERR_FIBERS_REENTRANT'
  /** `run()` when every fiber left sleeps forever (no fd wait, no timer): it would never return. */
  | 'ERR_FIBERS_DEADLOCK'
  /** `run()`, `step()` or `runInLoop()` while `runInLoop()` is pending. */
  | 'ERR_FIBERS_BUSY'
  /** `channel()` on a runtime that holds 2^32 - 2 channels already. */
  | 'ERR_OUT_OF_RANGE'
  /** A fiber's JavaScript callback could not be called, while JavaScript can still run. */
  | 'ERR_FIBERS_CALLBACK_FAILED'
  /** A method called on something that is not a FiberRuntime (or a NativeRuntime). */
  | 'ERR_INVALID_THIS'
  /** The native `NativeRuntime` called without `new`. */
  | 'ERR_CONSTRUCT_CALL_REQUIRED'
  /** Loading the package on another OS or CPU. */
  | 'ERR_UNSUPPORTED_PLATFORM'
  /** Loading the package when its native build is missing (install scripts skipped). */
  | 'ERR_NATIVE_BUILD_MISSING'
  /** A syscall failed and its errno name is the code: a stack mapping (`mmap`) or the runtime's
   *  epoll instance (`epoll_create1`) refused for lack of memory or file descriptors. */
  | 'ENOMEM'
  | 'EMFILE'
  | 'ENFILE'
  | 'EAGAIN'
  /** The Node-loop mode could not watch the runtime's epoll fd (nested too deep). */
  | 'ELOOP';

export class FiberError extends Error {
  override readonly name = 'FiberError';

  constructor(readonly code: FiberErrorCode, message: string) {
    super(message);
  }
}
