/**
 * `oneshot<T>()`: a channel for exactly one value, as tokio's `sync::oneshot`. The receiver is
 * itself the `Future<T>`.
 *
 * ```ts
 * const [tx, rx] = oneshot<number>();
 * const worker = coroutine(function* () {
 *   using reply = tx;                         // closed on every way out: the receiver never hangs
 *   reply.send(yield* wait(compute()));
 * });
 * const answer = yield* wait(rx);             // the value, or ERR_CLOSED if tx closed unsent
 * ```
 *
 * - The receiver is Ready with the value once it is sent. If the sender is closed (`close()` or
 *   `[Symbol.dispose]`) without sending, it fails with `ERR_CLOSED`.
 * - `send(v)` returns true if the receiver may still take the value, false if the receiver is
 *   already gone (the value is dropped; tokio returns `Err(value)`). A sender sends once: a second
 *   `send`, or a `send` after `close()`, throws `ERR_CLOSED`.
 * - Disposing the receiver (directly, or as a loser of `select`/`race`) closes it: a value sent
 *   before is dropped, and `tx.isClosed` becomes true so the producer can stop early.
 */
import { BaseFuture } from '../base.js';
import type { Context } from '../context.js';
import { closedError } from '../future-error.js';
import { PENDING, Poll } from '../poll.js';
import type { Waker } from '../waker.js';
import { INSPECT } from './wait-list.js';

const State = { Empty: 0, Sent: 1, SenderClosed: 2, ReceiverClosed: 3, Taken: 4 } as const;
type State = (typeof State)[keyof typeof State];

/** @internal What both halves share. */
export class OneshotCore<T> {
  state: State = State.Empty;
  /** The sent value, while `state` is Sent. */
  value: T | undefined = undefined;
  /** The receiver's latest waker, while it waits. */
  waker: Waker | null = null;

  wakeReceiver(): void {
    const w = this.waker;
    this.waker = null;
    w?.wake();
  }
}

export class OneshotSender<T> implements Disposable {
  readonly #core: OneshotCore<T>;
  #used = false;

  /** @internal Use `oneshot()`. */
  constructor(core: OneshotCore<T>) {
    this.#core = core;
  }

  /** Sends the value; false if the receiver is already gone. Throws ERR_CLOSED if used before. */
  send(value: T): boolean {
    if (this.#used) throw closedError('oneshot send(): this sender already sent or was closed');
    this.#used = true;
    const core = this.#core;
    if (core.state === State.ReceiverClosed) return false;
    core.state = State.Sent;
    core.value = value;
    core.wakeReceiver();
    return true;
  }

  /** True once `send()` cannot deliver: the receiver is gone, or this sender sent or closed. */
  get isClosed(): boolean {
    return this.#used || this.#core.state === State.ReceiverClosed;
  }

  /** Closes without sending (the receiver fails with ERR_CLOSED). Idempotent; no-op after send. */
  close(): void {
    if (this.#used) return;
    this.#used = true;
    const core = this.#core;
    if (core.state !== State.Empty) return;
    core.state = State.SenderClosed;
    core.wakeReceiver();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

export class OneshotReceiver<T> extends BaseFuture<T> {
  readonly #core: OneshotCore<T>;

  /** @internal Use `oneshot()`. */
  constructor(core: OneshotCore<T>) {
    super();
    this.#core = core;
  }

  protected pollOnce(cx: Context): Poll<T> {
    const core = this.#core;
    if (core.state === State.Sent) {
      const value = core.value as T;
      core.value = undefined;
      core.state = State.Taken;
      return Poll.ready(value);
    }
    if (core.state === State.SenderClosed) throw closedError('oneshot: the sender was closed without sending');
    if (core.waker === null || !core.waker.willWake(cx.waker)) core.waker = cx.waker;
    return PENDING;
  }

  /** Closes the receiver: a value not yet taken is dropped; the sender sees `isClosed`. */
  close(): void {
    this[Symbol.dispose]();
  }

  protected override release(): void {
    const core = this.#core;
    core.waker = null;
    core.value = undefined;
    if (core.state !== State.SenderClosed) core.state = State.ReceiverClosed;
  }

  /** @internal For tests. */
  [INSPECT](): { state: State; waiting: boolean } {
    return { state: this.#core.state, waiting: this.#core.waker !== null };
  }
}

/** A connected `[sender, receiver]` pair for one value of type T. */
export function oneshot<T>(): [OneshotSender<T>, OneshotReceiver<T>] {
  const core = new OneshotCore<T>();
  return [new OneshotSender(core), new OneshotReceiver(core)];
}
