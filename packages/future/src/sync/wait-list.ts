/**
 * The queue every sync primitive keeps of its waiting futures: FIFO, O(1) removal from anywhere
 * (a disposed future leaves at once), and each node keeps only the waker of its latest poll.
 *
 * A node is *granted* when the primitive hands it what it waited for (a slot, a value, permits, a
 * notification), takes it off the queue and wakes it. The future takes the grant at its next
 * poll; if it is disposed first, it hands the grant back and the primitive gives it to the next
 * waiter. That hand-back is what makes the primitives cancellation-safe: no grant is lost, and
 * none stays with a future that will never run.
 */
import type { Waker } from '../waker.js';

export class WaitNode {
  /** The waker of the latest poll (set before the node is queued, so a granted node has one). */
  waker: Waker | null = null;
  /** Off the queue and owed what it waited for; cleared when the future takes it. */
  granted = false;
  /** The list holding the node (null when not queued) and its neighbours there. */
  list: WaitList<WaitNode> | null = null;
  prev: WaitNode | null = null;
  next: WaitNode | null = null;

  /** Keeps the latest poll's waker, skipping the replace when it wakes the same task. */
  register(waker: Waker): void {
    if (this.waker === null || !this.waker.willWake(waker)) this.waker = waker;
  }

  get queued(): boolean {
    return this.list !== null;
  }
}

/** An intrusive doubly linked FIFO of nodes. */
export class WaitList<N extends WaitNode> {
  #head: N | null = null;
  #tail: N | null = null;
  #length = 0;

  get length(): number {
    return this.#length;
  }

  peek(): N | null {
    return this.#head;
  }

  /** Queues `node` at the back; it must not be queued (every caller checks `queued` first). */
  push(node: N): void {
    node.list = this as WaitList<WaitNode>;
    node.prev = this.#tail;
    node.next = null;
    if (this.#tail === null) this.#head = node;
    else this.#tail.next = node;
    this.#tail = node;
    this.#length++;
  }

  shift(): N | null {
    const node = this.#head;
    if (node !== null) this.remove(node);
    return node;
  }

  /** Takes `node` off the list; a no-op if it is not on this list. */
  remove(node: N): void {
    if (node.list !== (this as WaitList<WaitNode>)) return;
    if (node.prev === null) this.#head = node.next as N | null;
    else node.prev.next = node.next;
    if (node.next === null) this.#tail = node.prev as N | null;
    else node.next.prev = node.prev;
    node.list = node.prev = node.next = null;
    this.#length--;
  }

  /** Empties the list and returns its nodes in order. */
  drain(): N[] {
    const out: N[] = [];
    for (let n = this.shift(); n !== null; n = this.shift()) out.push(n);
    return out;
  }
}

/** Wakes every node's waker, even if one throws (the first error is rethrown after). */
export function wakeAll(nodes: readonly WaitNode[]): void {
  let first: unknown;
  let failed = false;
  for (const n of nodes) {
    try {
      n.waker?.wake();
    } catch (err) {
      if (!failed) first = err;
      failed = true;
    }
  }
  if (failed) throw first;
}

/** Tests read a primitive's internal counters through this key (not exported from the package). */
export const INSPECT: unique symbol = Symbol('ferrite.sync.inspect');
