// The sending half of `channel()` (the contract is in channel.ts):
//
//   const [tx, rx] = channel<Job>(8);
//   const more = tx.clone();                  // a second producer; close each handle when done
//   yield* wait(tx.send(job));                // waits while 8 are queued
//   if (!more.trySend(job2)) log('queue full');
//   tx.close(); more.close();                 // now rx drains, then gets undefined
import type { Awaitable } from '../await.js';
import { BaseFuture } from '../base.js';
import type { Context } from '../context.js';
import { closedError } from '../future-error.js';
import { PENDING, Poll } from '../poll.js';
import { type ChanCore, SendNode, type SenderRef } from './channel-core.js';

export class Sender<T> implements Disposable {
  readonly #core: ChanCore<T>;
  readonly #ref: SenderRef = { closed: false };

  /** @internal Use `channel()` or `clone()`. */
  constructor(core: ChanCore<T>) {
    this.#core = core;
    core.senders++;
  }

  /**
   * A future that waits for a free slot, then puts `value` in the channel. It delivers the value
   * if and only if it completes; disposed before that, nothing is sent. Fails with ERR_CLOSED
   * if the receiver is closed or this Sender is closed before it completes.
   */
  send(value: T): Awaitable<void> {
    return new SendFuture(this.#core, this.#ref, value);
  }

  /** Puts `value` in now if a slot is free (true), else false. Throws ERR_CLOSED if closed. */
  trySend(value: T): boolean {
    const core = this.#core;
    closedCheck(core, this.#ref, 'trySend()');
    if (core.free === 0) return false; // free > 0 means no send is queued: no queue jumping
    core.free--;
    core.push(value);
    return true;
  }

  /** Another handle to the same channel; the channel stays open while any handle is. */
  clone(): Sender<T> {
    if (this.#ref.closed) throw closedError('channel clone(): this Sender is closed');
    return new Sender(this.#core);
  }

  /** True once sending through this handle cannot succeed: it is closed, or the receiver is. */
  get isClosed(): boolean {
    return this.#ref.closed || this.#core.rxClosed;
  }

  /**
   * Closes this handle (idempotent): its sends still waiting fail with ERR_CLOSED. When the
   * last handle closes, the receiver gets what is buffered, then `undefined`.
   */
  close(): void {
    if (this.#ref.closed) return;
    this.#ref.closed = true;
    this.#core.dropSender(this.#ref);
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

function closedCheck(core: ChanCore<unknown>, ref: SenderRef, what: string): void {
  if (ref.closed) throw closedError(`channel ${what}: this Sender is closed`);
  if (core.rxClosed) throw closedError(`channel ${what}: the receiver is closed; the value was not sent`);
}

class SendFuture<T> extends BaseFuture<void> {
  readonly #core: ChanCore<T>;
  readonly #ref: SenderRef;
  #value: T | undefined;
  /** Our place in the queue once we had to wait. */
  #node: SendNode | null = null;

  constructor(core: ChanCore<T>, ref: SenderRef, value: T) {
    super();
    this.#core = core;
    this.#ref = ref;
    this.#value = value;
  }

  protected pollOnce(cx: Context): Poll<void> {
    const core = this.#core;
    closedCheck(core, this.#ref, 'send()'); // a throw runs release(): a granted slot goes back
    let node = this.#node;
    if (node !== null && node.granted) {
      node.granted = false;
      this.#node = null;
      core.grantedSends--;
    } else if (node === null && core.free > 0) {
      core.free--;
    } else {
      node ??= this.#node = new SendNode(this.#ref);
      node.register(cx.waker);
      if (!node.queued) core.sendWaiters.push(node);
      return PENDING;
    }
    const value = this.#value as T;
    this.#value = undefined;
    core.push(value);
    return Poll.ready(undefined);
  }

  protected override release(): void {
    this.#value = undefined;
    const node = this.#node;
    this.#node = null;
    if (node === null) return;
    if (node.granted) {
      node.granted = false;
      this.#core.returnSlot(); // the next waiting send gets it
    } else {
      this.#core.sendWaiters.remove(node);
    }
  }
}
