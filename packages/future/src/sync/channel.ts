/**
 * `channel<T>(capacity)`: a bounded multi-producer queue with backpressure, as tokio's
 * `sync::mpsc::channel`. Senders wait while it is full; the receiver waits while it is empty.
 *
 * ```ts
 * const [tx, rx] = channel<string>(16);
 * const producer = coroutine(function* (urls: string[]) {
 *   using out = tx;                             // closing the last Sender ends the stream
 *   for (const url of urls) yield* wait(out.send(url));   // waits while 16 are queued
 * });
 * const worker = coroutine(function* () {
 *   for (;;) {
 *     const url = yield* wait(rx.recv());      // undefined: closed and drained
 *     if (url === undefined) return;
 *     yield* wait(fetch(url));
 *   }
 * });
 * ```
 *
 * Sending (`Sender`):
 * - `send(v)`: a future that waits for a slot (FIFO among waiting sends) and completes once the
 *   value is in the channel. It delivers the value if and only if it completes: disposed earlier
 *   (by a timeout's `race`, say), nothing is sent and a slot granted to it passes to the next
 *   waiting send. Fails with `ERR_CLOSED` if the receiver is closed, or
 *   this handle is closed, before it completes.
 * - `trySend(v)`: true if sent now, false if full; throws `ERR_CLOSED` if closed.
 * - `clone()` adds a handle; `close()` / `[Symbol.dispose]` close one. The channel closes for the
 *   receiver when every handle is closed.
 *
 * Receiving (`Receiver`):
 * - `recv()`: the next value, or `undefined` once the channel is closed (every Sender closed, or
 *   the receiver closed) and drained. If T itself may be `undefined`, use `next()`, which gives
 *   `{ done: false, value }` and then `{ done: true }`.
 * - A value is taken only when a `recv()` future completes; disposed earlier, the value stays
 *   for the next one. Several tasks may share one Receiver (a worker pool): each value goes to
 *   exactly one, in the order they started waiting.
 * - `tryRecv()`: a value now, or `undefined` (`isClosed` then says whether more can come).
 * - `close()`: stop the senders but keep the buffer to drain; `[Symbol.dispose]`: close and drop
 *   the buffer.
 *
 * Values from one Sender arrive in the order their sends completed.
 */
import { ChanCore } from './channel-core.js';
import { Receiver } from './channel-receiver.js';
import { Sender } from './channel-sender.js';
import { checkInteger } from '../errors/args.js';

/** A connected `[sender, receiver]` pair buffering at most `capacity` (a safe integer >= 1) values. */
export function channel<T>(capacity: number): [Sender<T>, Receiver<T>] {
  const core = new ChanCore<T>(checkInteger(capacity, 'capacity', 1));
  return [new Sender(core), new Receiver(core)];
}

export { Sender, Receiver };
