/**
 * TimerQueue: pending deadlines, bucketed by millisecond (the integer part of the deadline).
 *
 * A binary heap of every timer cost O(log n) per timer, and with 100,000 timers its sift-downs
 * (an index written into each entry moved) were a third of the CPU of firing them. Node keeps one
 * list per duration and tokio a wheel of slots, both O(1) per timer; this is the same idea while
 * keeping deadlines exact (sub-millisecond, never early) and equal deadlines first-in first-out:
 * - a small min-heap holds the keys of the buckets (one per millisecond that has timers), so the
 *   heap has as many entries as there are distinct milliseconds, not timers;
 * - a bucket is an array of entries, put in deadline order only when its millisecond is
 *   reached (timers added in time order, the common case, are in order already: a check, not a
 *   sort);
 * - cancelling marks the entry and counts it out (O(1)); a bucket whose entries are all cancelled
 *   is dropped at once, and one mostly cancelled is compacted, so cancelled timers (a timeout per
 *   request) never pile up.
 * `size` and `strong` are exact at all times.
 *
 * Memory per timer is what a timer-heavy program pays in garbage collection: 100,000 pending
 * sleeps are all alive until they fire, so every scavenge copies them (`--trace-gc` showed 40-50
 * ms of scavenges per 100,000 sleeps, the unsteady part of their CPU time), 8 bytes a field. So an
 * entry is any object with the five fields below (a `Sleep` is its own entry: one object per
 * timer, not two); a waker or a join slot share one field, and so do the weak bit and its owner's
 * flags; "fired" is a bucket of its own; equal deadlines keep the order they were added through
 * the stable sort and the order-keeping compaction rather than a sequence number per entry.
 */
import type { JoinSlot, Waker } from '@ferrite/future';

const NONE = Symbol('none');

interface Bucket {
  /** Math.floor of every deadline in it. */
  readonly key: number;
  /** Entries in the order added, cancelled ones included until compacted; those before `head` have fired. */
  entries: (TimerEntry | undefined)[];
  head: number;
  /** Entries from `head` on are in deadline order (equal deadlines in the order added). */
  sorted: boolean;
  /** Entries still queued (neither fired nor cancelled). */
  live: number;
}

/** What the queue needs of a timer: `add` makes a plain one, `insert` takes one its owner made. */
export interface TimerEntry {
  /** performance.now() milliseconds; set before `insert`, not changed while queued. */
  deadline: number;
  /** Who is told when it fires: a Waker (`index` -1), or a join (`markReady(index)`, the join protocol). */
  target: Waker | JoinSlot | null;
  index: number;
  /** The bucket holding it while queued; FIRED once fired; null before, and once cancelled. */
  bucket: Bucket | null;
  /** WEAK, plus bits of the owner's own (above WEAK). */
  flags: number;
}

/** A weak timer fires like any other but does not make the reactor busy (see `Reactor.isIdle`). */
export const WEAK = 1;
/** The `bucket` of an entry that has fired. */
export const FIRED: Bucket = { key: NaN, entries: [], head: 0, sorted: true, live: 0 };

/** True once `entry` has fired. */
export const hasFired = (entry: TimerEntry): boolean => entry.bucket === FIRED;

/** A plain entry, not queued yet (one shape for all of them). */
export function timerEntry(deadline: number, waker: Waker | null, weak: boolean): TimerEntry {
  return { deadline, target: waker, index: -1, bucket: null, flags: weak ? WEAK : 0 };
}

// Array.prototype.sort is stable (ES2019): equal deadlines stay in the order they were added.
const byDeadline = (a: TimerEntry | undefined, b: TimerEntry | undefined) => a!.deadline - b!.deadline;

export class TimerQueue {
  readonly #buckets = new Map<number, Bucket>();
  /** Min-heap of bucket keys. A key whose bucket is gone is skipped (and dropped) when reached. */
  readonly #keys: number[] = [];
  #size = 0;
  #weak = 0;
  /** The bucket fireDue is walking: a waker's add or remove must not reorder it meanwhile. */
  #firing: Bucket | null = null;

  get size(): number {
    return this.#size;
  }

  /** Timers that are not weak. */
  get strong(): number {
    return this.#size - this.#weak;
  }

  /** The earliest deadline, or Infinity. */
  get nextDeadline(): number {
    const b = this.#first();
    if (b === null) return Infinity;
    // Read by a waker during fireDue (it armed a timer): the walk owns `head` (advancing it here
    // made the walk drop a live entry) and the bucket may have nothing live left. Its millisecond
    // is a bound never later than any deadline queued: the timerfd fires early at worst.
    if (b === this.#firing) return b.key;
    this.#order(b);
    const es = b.entries;
    while (es[b.head]!.bucket !== b) b.head++; // cancelled: b.live > 0, so a queued one follows
    return es[b.head]!.deadline;
  }

  /** Queues a new plain entry. */
  add(deadline: number, waker: Waker | null, weak = false): TimerEntry {
    const entry = timerEntry(deadline, waker, weak);
    this.insert(entry);
    return entry;
  }

  /** Queues `entry` (not queued now) at `entry.deadline`; its `target` is who will be told. */
  insert(entry: TimerEntry): void {
    const deadline = entry.deadline;
    const key = Math.floor(deadline);
    let b = this.#buckets.get(key);
    if (b === undefined) {
      b = { key, entries: [], head: 0, sorted: true, live: 0 };
      this.#buckets.set(key, b);
      this.#push(key);
    }
    entry.bucket = b;
    const es = b.entries;
    if (b.sorted && es.length > b.head && es[es.length - 1]!.deadline > deadline) b.sorted = false;
    es.push(entry);
    b.live++;
    this.#size++;
    if ((entry.flags & WEAK) !== 0) this.#weak++;
  }

  remove(entry: TimerEntry): void {
    const b = entry.bucket;
    if (b === null || b === FIRED) return;
    this.#unqueue(entry, b);
    entry.bucket = null;
    entry.target = null;
    if (b.live === 0) this.#buckets.delete(b.key);
    else if (b !== this.#firing && b.entries.length > 64 && b.live * 2 < b.entries.length - b.head) this.#compact(b);
  }

  /**
   * Fires every entry due at `now`: marks it and wakes its waker. Returns how many fired. A
   * throwing waker does not stop the others; the first error is rethrown once all have fired.
   */
  fireDue(now: number): number {
    let n = 0;
    let error: unknown = NONE;
    for (;;) {
      const b = this.#first();
      if (b === null || b.key > now) break;
      this.#order(b);
      const es = b.entries;
      this.#firing = b;
      while (b.head < es.length) {
        const entry: TimerEntry = es[b.head]!;
        if (entry.bucket === b) {
          if (entry.deadline > now) break;
          this.#unqueue(entry, b);
          entry.bucket = FIRED;
          const target = entry.target;
          entry.target = null;
          n++;
          try {
            if (entry.index >= 0) (target as JoinSlot).markReady(entry.index);
            else (target as Waker | null)?.wake();
          } catch (err) {
            if (error === NONE) error = err;
          }
        }
        es[b.head++] = undefined;
      }
      this.#firing = null;
      if (b.live > 0) break; // the rest of this millisecond is not due, nor anything later
      if (this.#buckets.get(b.key) === b) this.#buckets.delete(b.key);
    }
    if (error !== NONE) throw error;
    return n;
  }

  #unqueue(entry: TimerEntry, b: Bucket): void {
    b.live--;
    this.#size--;
    if ((entry.flags & WEAK) !== 0) this.#weak--;
  }

  /** The bucket of the earliest millisecond with timers, or null. */
  #first(): Bucket | null {
    const keys = this.#keys;
    while (keys.length > 0) {
      const b = this.#buckets.get(keys[0]!);
      if (b !== undefined) return b;
      this.#pop();
    }
    return null;
  }

  /** Puts a bucket's queued entries in firing order. */
  #order(b: Bucket): void {
    if (b.sorted || b === this.#firing) return; // while firing: sorted again before the next walk
    // Copy only to drop something: a copy of a bucket with nothing to drop is one more array of
    // every entry for the garbage collector, per millisecond of timers.
    if (b.head > 0 || b.live !== b.entries.length) this.#compact(b);
    b.entries.sort(byDeadline);
    b.sorted = true;
  }

  /** Drops fired and cancelled entries from a bucket (order kept). */
  #compact(b: Bucket): void {
    const kept: TimerEntry[] = [];
    for (let i = b.head; i < b.entries.length; i++) {
      const e = b.entries[i]!;
      if (e.bucket === b) kept.push(e);
    }
    b.entries = kept;
    b.head = 0;
  }

  #push(key: number): void {
    const keys = this.#keys;
    let i = keys.length;
    keys.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[i] = keys[parent]!;
      i = parent;
    }
    keys[i] = key;
  }

  #pop(): void {
    const keys = this.#keys;
    const last = keys.pop()!;
    const n = keys.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const c = l + 1 < n && keys[l + 1]! < keys[l]! ? l + 1 : l;
      if (keys[c]! >= last) break;
      keys[i] = keys[c]!;
      i = c;
    }
    keys[i] = last;
  }
}
