// The receiving half of `channel()` (the contract is in channel.ts):
//
//   for (;;) {
//     const job = yield* wait(rx.recv());     // undefined once every sender closed and drained
//     if (job === undefined) break;
//     run(job);
//   }
//   rx.close();                               // or: stop the senders, then drain what is queued
import type { Awaitable } from '../await.js';
import { BaseFuture } from '../base.js';
import type { Context } from '../context.js';
import { PENDING, Poll } from '../poll.js';
import type { ChanCore } from './channel-core.js';
import { INSPECT, WaitNode } from './wait-list.js';

export class Receiver<T> implements Disposable {
  readonly #core: ChanCore<T>;

  /** @internal Use `channel()`. */
  constructor(core: ChanCore<T>) {
    this.#core = core;
  }

  /** The next value, or `undefined` once the channel is closed and drained. */
  recv(): Awaitable<T | undefined> {
    return new RecvFuture<T, T | undefined>(this.#core, (v) => v, undefined);
  }

  /** As `recv()`, as an iterator result: `{ done: true }` once closed and drained (any T). */
  next(): Awaitable<IteratorResult<T, undefined>> {
    return new RecvFuture<T, IteratorResult<T, undefined>>(this.#core, (value) => ({ done: false, value }), { done: true, value: undefined });
  }

  /** A value if one is buffered and not set aside for a waiting recv, else `undefined`. */
  tryRecv(): T | undefined {
    const core = this.#core;
    return core.buffer.length > core.reserved ? core.take() : undefined;
  }

  /** Values buffered now. */
  get length(): number {
    return this.#core.buffer.length;
  }

  get capacity(): number {
    return this.#core.capacity;
  }

  /** True once no value can be added: every Sender is closed, or the receiver is. */
  get isClosed(): boolean {
    return this.#core.closed;
  }

  /**
   * Stops the senders (their waiting and later sends fail with ERR_CLOSED) but keeps what is
   * buffered: receive it, then `recv()` gives `undefined`. A graceful "stop accepting, drain".
   */
  close(): void {
    this.#core.closeReceiver(false);
  }

  /** Closes and drops what is buffered: `recv()` gives `undefined` from now on. */
  [Symbol.dispose](): void {
    this.#core.closeReceiver(true);
  }

  /** @internal For tests. */
  [INSPECT](): ReturnType<ChanCore<T>[typeof INSPECT]> {
    return this.#core[INSPECT]();
  }
}

class RecvFuture<T, R> extends BaseFuture<R> {
  readonly #core: ChanCore<T>;
  readonly #wrap: (value: T) => R;
  readonly #end: R;
  #node: WaitNode | null = null;

  constructor(core: ChanCore<T>, wrap: (value: T) => R, end: R) {
    super();
    this.#core = core;
    this.#wrap = wrap;
    this.#end = end;
  }

  protected pollOnce(cx: Context): Poll<R> {
    const core = this.#core;
    let node = this.#node;
    if (node !== null && node.granted) {
      node.granted = false; // the value set aside for us is now ours to take
      core.reserved--;
    }
    if (core.buffer.length > core.reserved) {
      this.#leave();
      return Poll.ready(this.#wrap(core.take()));
    }
    if (core.closed && core.buffer.length === 0) {
      this.#leave();
      return Poll.ready(this.#end);
    }
    node ??= this.#node = new WaitNode();
    node.register(cx.waker);
    if (!node.queued) core.recvWaiters.push(node);
    return PENDING;
  }

  #leave(): void {
    if (this.#node !== null) this.#core.recvWaiters.remove(this.#node);
    this.#node = null;
  }

  protected override release(): void {
    const node = this.#node;
    this.#node = null;
    if (node === null) return;
    if (node.granted) {
      node.granted = false;
      this.#core.returnReserved(); // the value goes to the next waiting recv
    } else {
      this.#core.recvWaiters.remove(node);
    }
  }
}
