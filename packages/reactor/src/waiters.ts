/**
 * Waiter lists: the tasks waiting on one direction of a registration, as tokio keeps a list of
 * waiters per `ScheduledIo` and async-io a set of wakers per `Direction`. Each waiting future owns
 * one `Waiter` node, so joining the list, replacing the node's waker and leaving the list (the
 * future is disposed) are all O(1), and a second task waiting on the same direction (two
 * acceptors on one listener, two readers of one stream) no longer displaces the first.
 */
import type { Waker } from '@ferrite/future';

/** What a list tells when it becomes empty or non-empty (the registration keeps its count). */
export interface WaiterOwner {
  recount(): void;
}

/**
 * One future's place in a registration's list of waiters for a direction. A future keeps one for
 * its whole life, passes it to `pollReadReady(cx, waiter)` (or `stream.pollRead(cx, buf,
 * waiter)`), and calls `remove()` when it is disposed.
 */
export class Waiter {
  /** The waker of the most recent pending poll (meaningful while `waiting`). */
  waker: Waker | null = null;
  /** @internal The list this waiter is linked in, or null. */
  list: WaiterList | null = null;
  /** @internal */
  prev: Waiter | null = null;
  /** @internal */
  next: Waiter | null = null;
  /** @internal The chain of a wake-up in progress (separate from next, which a re-poll may reuse). */
  wakeNext: Waiter | null = null;

  /** True while linked in a list, waiting for readiness. */
  get waiting(): boolean {
    return this.list !== null;
  }

  /** Leaves the list it waits in, if any (a disposed future does this). Idempotent. */
  remove(): void {
    this.list?.remove(this);
  }
}

/** An intrusive doubly-linked list of waiters (no allocation per wait, O(1) removal). */
export class WaiterList {
  #head: Waiter | null = null;
  #tail: Waiter | null = null;
  readonly #owner: WaiterOwner;

  constructor(owner: WaiterOwner) {
    this.#owner = owner;
  }

  get empty(): boolean {
    return this.#head === null;
  }

  /** Makes `w` wait here with `waker` (replacing its waker unless it wakes the same task). */
  add(w: Waiter, waker: Waker): void {
    if (w.list !== this) {
      // Moved from another list (the other direction, or another registration): leaving it
      // forgets the waker, so the waker is set after.
      w.list?.remove(w);
      w.list = this;
      w.prev = this.#tail;
      w.next = null;
      if (this.#tail !== null) this.#tail.next = w;
      else this.#head = w;
      this.#tail = w;
      if (this.#head === w) this.#owner.recount();
    }
    if (w.waker === null || !w.waker.willWake(waker)) w.waker = waker;
  }

  remove(w: Waiter): void {
    if (w.list !== this) return;
    if (w.prev !== null) w.prev.next = w.next;
    else this.#head = w.next;
    if (w.next !== null) w.next.prev = w.prev;
    else this.#tail = w.prev;
    w.list = w.prev = w.next = null;
    w.waker = null;
    if (this.#head === null) this.#owner.recount();
  }

  /**
   * Unlinks every waiter and returns the chain to wake (through `wakeNext`), so the caller can
   * settle its own state before any waker runs. The owner is not told: it recounts itself.
   */
  takeAll(): Waiter | null {
    const first = this.#head;
    for (let w = first; w !== null; w = w.next) {
      w.wakeNext = w.next;
      w.list = null;
    }
    for (let w = first; w !== null; w = w.wakeNext) w.prev = w.next = null;
    this.#head = this.#tail = null;
    return first;
  }
}

/** The "no error yet" marker of `wakeChain` (an error may be any value, even undefined). */
export const NO_ERROR: unique symbol = Symbol('no error');

/**
 * Wakes every waiter of a chain from `takeAll()`; a throwing waker does not stop the others.
 * Returns `error` if it was already set, else the first error thrown here, else NO_ERROR.
 */
export function wakeChain(first: Waiter | null, error: unknown = NO_ERROR): unknown {
  let w = first;
  while (w !== null) {
    const next = w.wakeNext;
    w.wakeNext = null;
    const waker = w.waker;
    if (w.list === null) w.waker = null; // still waiting: a re-poll linked it again, keep its waker
    if (waker !== null) {
      try {
        waker.wake();
      } catch (err) {
        if (error === NO_ERROR) error = err;
      }
    }
    w = next;
  }
  return error;
}
