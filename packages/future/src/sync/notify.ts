/**
 * `Notify`: wake one waiting task or all of them, as tokio's `sync::Notify`; the building block for
 * "wait until something changed" (a shutdown flag, new work, a state machine's next step).
 *
 * ```ts
 * const changed = new Notify();
 * const waitForStop = coroutine(function* () {
 *   while (!state.stopping) yield* wait(changed.notified());  // check, then wait: no gap
 * });
 * state.stopping = true;
 * changed.notifyWaiters();
 * ```
 *
 * - `notifyOne()` wakes the longest-waiting `notified()` future; if none waits, it stores one
 *   permit (at most one, however often it is called) that the next `notified()` consumes at once.
 * - `notifyWaiters()` wakes every `notified()` future waiting now, and also those created before
 *   the call but not yet polled (tokio's rule); it stores no permit.
 * - Cancellation-safe: a `notified()` disposed while waiting leaves the queue; one disposed after
 *   `notifyOne()` chose it passes that notification on (to the next waiter, or back as the permit).
 */
import type { Awaitable } from '../await.js';
import { BaseFuture } from '../base.js';
import type { Context } from '../context.js';
import { PENDING, Poll } from '../poll.js';
import { INSPECT, WaitList, WaitNode, wakeAll } from './wait-list.js';

/** A waiting notified(); `byOne` says a notifyOne() chose it (so a disposal must pass it on). */
class NotifiedNode extends WaitNode {
  byOne = false;
}

/** @internal The state a Notify and its futures share. */
export class NotifyCore {
  /** The one stored notifyOne() permit. */
  permit = false;
  /** Counts notifyWaiters() calls: a future created before one is woken by it. */
  generation = 0;
  readonly waiters = new WaitList<NotifiedNode>();

  notifyOne(): void {
    const node = this.waiters.shift();
    if (node === null) {
      this.permit = true;
      return;
    }
    node.granted = true;
    node.byOne = true;
    node.waker?.wake();
  }
}

export class Notify {
  readonly #core = new NotifyCore();

  /** Wakes the longest-waiting notified(), or stores a permit for the next one. */
  notifyOne(): void {
    this.#core.notifyOne();
  }

  /** Wakes every notified() waiting now (or created and not yet polled). Stores no permit. */
  notifyWaiters(): void {
    const core = this.#core;
    core.generation++;
    const woken = core.waiters.drain();
    for (const n of woken) n.granted = true;
    wakeAll(woken);
  }

  /** A future that completes at the next notification (or at once, taking a stored permit). */
  notified(): Awaitable<void> {
    return new Notified(this.#core);
  }

  /** @internal For tests. */
  [INSPECT]() {
    return { permit: this.#core.permit, waiting: this.#core.waiters.length };
  }
}

class Notified extends BaseFuture<void> {
  readonly #core: NotifyCore;
  /** notifyWaiters() calls seen at creation. */
  readonly #generation: number;
  #node: NotifiedNode | null = null;

  constructor(core: NotifyCore) {
    super();
    this.#core = core;
    this.#generation = core.generation;
  }

  protected pollOnce(cx: Context): Poll<void> {
    const core = this.#core;
    let node = this.#node;
    if (node === null) {
      // Before queueing: a notifyWaiters() since creation, then a stored permit.
      if (core.generation !== this.#generation) return Poll.ready(undefined);
      if (core.permit) {
        core.permit = false;
        return Poll.ready(undefined);
      }
      node = this.#node = new NotifiedNode();
    } else if (node.granted) {
      this.#node = null;
      return Poll.ready(undefined);
    }
    node.register(cx.waker);
    if (!node.queued) core.waiters.push(node);
    return PENDING;
  }

  protected override release(): void {
    const node = this.#node;
    this.#node = null;
    if (node === null) return;
    if (node.granted) {
      if (node.byOne) this.#core.notifyOne(); // chosen but never ran: pass it on
    } else {
      this.#core.waiters.remove(node);
    }
  }
}
