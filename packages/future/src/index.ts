/**
 * @ferrite/future: Rust's `Future`, `Poll`, `Context` and `Waker` for TypeScript, with
 * combinators, generator coroutines and sync primitives (`oneshot`, `channel`, `Semaphore`,
 * `Notify`; also at '@ferrite/future/sync'). No dependencies; no I/O (that is @ferrite/reactor's job).
 *
 * ```ts
 * import { Context, Poll, Waker, coroutine, joinAll, ready, wait } from '@ferrite/future';
 *
 * const add = coroutine(function* (a: number) {
 *   const b = yield* wait(ready(2));        // b: number
 *   return a + b;
 * });
 * const fut = joinAll([add(1), add(40)]);     // lazy: nothing ran yet
 * const p = fut.poll(new Context(Waker.noop()));
 * if (Poll.isReady(p)) console.log(p.value); // [3, 42]
 * ```
 *
 * Every future here is also a `PromiseLike` (`Awaitable<T>`): `await fut` hands it to the await
 * driver that @ferrite/executor registers (its default runtime); without it, ERR_NO_RUNTIME.
 *
 * Errors: `FutureError` (codes in `FutureErrorCode`), on the `FerriteError` base every ferrite
 * layer shares; argument checks for layers built on ferrite are at '@ferrite/future/errors'.
 */
export { Poll, PENDING, type Ready, type Pending } from './poll.js';
export { Waker, type WakeTarget } from './waker.js';
export { Context } from './context.js';
export { dispose, disposeAll, type Future, type Output } from './future.js';
export { FutureError, PolledAfterCompletion, type FutureErrorCode } from './future-error.js';
export { FerriteError } from './errors/ferrite-error.js';
export { BaseFuture } from './base.js';
export { ready, pending, lazy, pollFn } from './leaf.js';
export { map, andThen } from './map.js';
export { join, joinAll, tryJoinAll } from './join.js';
export { POLL_JOINED, type JoinSlot, type Joinable } from './join-slot.js';
export { select, race, type Selected } from './select.js';
export { fuse, type FusedFuture } from './fuse.js';
export { coroutine, wait, type CoroutineBody, type WaitSignal } from './coroutine.js';
export { fromPromise, type PromiseFuture } from './from-promise.js';
export {
  registerAwaitDriver, awaitDriver, toPromise, type Awaitable, type AwaitDriver,
} from './await.js';
export { oneshot, type OneshotSender, type OneshotReceiver } from './sync/oneshot.js';
export { channel, type Sender, type Receiver } from './sync/channel.js';
export { Semaphore, type Permit } from './sync/semaphore.js';
export { Notify } from './sync/notify.js';
