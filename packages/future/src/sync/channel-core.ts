// The state a bounded channel's senders and receiver share, and the only code that moves slots
// and values between them. Accounting, at every moment between calls:
//
//   capacity === buffer.length + grantedSends + free
//   reserved <= buffer.length          (except after the receiver was disposed: buffer emptied)
//   sendWaiters non-empty  =>  free === 0
//   recvWaiters non-empty  =>  buffer.length === reserved
//
// A send takes a slot (from `free`, or granted to it while it waited) and pushes its value only
// when its future completes, so a send future delivers its value if and only if it returns Ready.
// A recv takes a value only when its future completes; while it waits, a value can be set aside
// for it (`reserved`) so a newcomer does not take it first. A disposed future hands back what it
// was granted (a slot, a reserved value), which goes to the next waiter: no lost wakeup.
import { INSPECT, WaitList, WaitNode, wakeAll } from './wait-list.js';

/** One Sender handle's state, shared with its send futures. */
export interface SenderRef {
  closed: boolean;
}

/** A waiting send future; `owner` is the handle it was made from. */
export class SendNode extends WaitNode {
  constructor(readonly owner: SenderRef) {
    super();
  }
}

/** A FIFO of values: an array with a moving head, compacted as it drains. */
class Fifo<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(value: T): void {
    this.#items.push(value);
  }

  shift(): T {
    const value = this.#items[this.#head] as T;
    this.#items[this.#head++] = undefined;
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return value;
  }

  clear(): void {
    this.#items = [];
    this.#head = 0;
  }
}

export class ChanCore<T> {
  readonly capacity: number;
  /** Values sent and not yet received, in the order their sends completed. */
  readonly buffer = new Fifo<T>();
  /** Slots neither holding a value nor granted to a waiting send. */
  free: number;
  /** Slots granted to woken send futures that have not yet been polled. */
  grantedSends = 0;
  /** Buffered values set aside for woken recv futures that have not yet been polled. */
  reserved = 0;
  readonly sendWaiters = new WaitList<SendNode>();
  readonly recvWaiters = new WaitList<WaitNode>();
  /** Open Sender handles. */
  senders = 0;
  rxClosed = false;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.free = capacity;
  }

  /** No value can be added any more: every sender is closed, or the receiver is. */
  get closed(): boolean {
    return this.senders === 0 || this.rxClosed;
  }

  /** Puts a value in (the caller holds its slot) and grants it to the first waiting recv. */
  push(value: T): void {
    this.buffer.push(value);
    this.grantReceivers();
  }

  /** Takes the next value (the caller checked one is there for it) and frees its slot. */
  take(): T {
    const value = this.buffer.shift();
    this.free++;
    this.grantSenders();
    if (this.closed && this.buffer.length === 0) wakeAll(this.recvWaiters.drain());
    return value;
  }

  /** A granted send gave its slot back unused. */
  returnSlot(): void {
    this.grantedSends--;
    this.free++;
    this.grantSenders();
  }

  /** A granted recv gave its reserved value back. */
  returnReserved(): void {
    this.reserved--;
    this.grantReceivers();
  }

  grantSenders(): void {
    if (this.free === 0 || this.sendWaiters.length === 0) return;
    const woken: WaitNode[] = [];
    for (let n = this.sendWaiters.peek(); n !== null && this.free > 0; n = this.sendWaiters.peek()) {
      this.sendWaiters.remove(n);
      this.free--;
      this.grantedSends++;
      n.granted = true;
      woken.push(n);
    }
    wakeAll(woken);
  }

  grantReceivers(): void {
    if (this.buffer.length <= this.reserved || this.recvWaiters.length === 0) return;
    const woken: WaitNode[] = [];
    for (let n = this.recvWaiters.peek(); n !== null && this.buffer.length > this.reserved; n = this.recvWaiters.peek()) {
      this.recvWaiters.remove(n);
      this.reserved++;
      n.granted = true;
      woken.push(n);
    }
    wakeAll(woken);
  }

  /** A Sender handle closed: its waiting sends are woken to fail; the last one closes the channel. */
  dropSender(ref: SenderRef): void {
    const woken: WaitNode[] = [];
    for (let n = this.sendWaiters.peek(); n !== null; ) {
      const next = n.next as SendNode | null;
      if (n.owner === ref) {
        this.sendWaiters.remove(n);
        woken.push(n);
      }
      n = next;
    }
    this.senders--;
    if (this.senders === 0 && this.buffer.length === 0) woken.push(...this.recvWaiters.drain());
    wakeAll(woken);
  }

  /** The receiver closed (and, if `discard`, dropped what is buffered). */
  closeReceiver(discard: boolean): void {
    const woken: WaitNode[] = this.rxClosed ? [] : this.sendWaiters.drain();
    this.rxClosed = true;
    if (discard && this.buffer.length > 0) {
      this.free += this.buffer.length;
      this.buffer.clear();
    }
    if (this.buffer.length === 0) woken.push(...this.recvWaiters.drain());
    wakeAll(woken);
  }

  /** @internal For tests: the counters behind the invariants above. */
  [INSPECT]() {
    return {
      capacity: this.capacity,
      buffered: this.buffer.length,
      free: this.free,
      grantedSends: this.grantedSends,
      reserved: this.reserved,
      queuedSends: this.sendWaiters.length,
      queuedRecvs: this.recvWaiters.length,
      senders: this.senders,
      closed: this.closed,
    };
  }
}
