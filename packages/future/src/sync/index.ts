/**
 * @ferrite/future/sync: runtime-independent sync primitives (tokio::sync, futures::channel) built
 * on wakers alone: `oneshot`, a bounded `channel` with backpressure, `Semaphore` with disposable
 * permits, and `Notify`. All are fair (FIFO) and cancellation-safe: a waiting future that is
 * disposed leaves its queue, and what it had been granted goes to the next waiter.
 *
 * ```ts
 * import { coroutine, wait } from '@ferrite/future';
 * import { Semaphore, channel } from '@ferrite/future/sync';
 *
 * const cap = new Semaphore(4);
 * const [tx, rx] = channel<number>(8);
 * const job = coroutine(function* (n: number) {
 *   using _permit = yield* wait(cap.acquire());
 *   yield* wait(tx.send(n * n));
 * });
 * ```
 */
export { oneshot, type OneshotSender, type OneshotReceiver } from './oneshot.js';
export { channel, type Sender, type Receiver } from './channel.js';
export { Semaphore, type Permit } from './semaphore.js';
export { Notify } from './notify.js';
