/**
 * TimerQueue: pending deadlines in a binary min-heap (O(log n) insert and removal). Cancelled
 * entries are removed from the heap at once (each entry knows its index), so a cancelled timer
 * costs nothing later and `size` is exact.
 */
import type { Waker } from '@ferrite/future';

const NONE = Symbol('none');

export interface TimerEntry {
  /** performance.now() milliseconds. */
  readonly deadline: number;
  /** Insertion order: equal deadlines fire first-in first-out. */
  readonly seq: number;
  waker: Waker | null;
  fired: boolean;
  /** Position in the heap; -1 when not in it. */
  index: number;
  /** A weak timer fires like any other but does not make the reactor busy (see `Reactor.isIdle`). */
  weak: boolean;
}

export class TimerQueue {
  readonly #heap: TimerEntry[] = [];
  #seq = 0;
  #weak = 0;

  get size(): number {
    return this.#heap.length;
  }

  /** Timers that are not weak. */
  get strong(): number {
    return this.#heap.length - this.#weak;
  }

  /** The earliest deadline, or Infinity. */
  get nextDeadline(): number {
    return this.#heap.length > 0 ? this.#heap[0]!.deadline : Infinity;
  }

  add(deadline: number, waker: Waker | null, weak = false): TimerEntry {
    const entry: TimerEntry = { deadline, seq: this.#seq++, waker, fired: false, index: this.#heap.length, weak };
    if (weak) this.#weak++;
    this.#heap.push(entry);
    this.#up(entry.index);
    return entry;
  }

  remove(entry: TimerEntry): void {
    const i = entry.index;
    if (i < 0) return;
    const heap = this.#heap;
    const last = heap.pop()!;
    entry.index = -1;
    if (entry.weak) this.#weak--;
    if (last !== entry) {
      heap[i] = last;
      last.index = i;
      this.#down(i);
      this.#up(last.index);
    }
  }

  /**
   * Fires every entry due at `now`: marks it and wakes its waker. Returns how many fired. A
   * throwing waker does not stop the others; the first error is rethrown once all have fired.
   */
  fireDue(now: number): number {
    const heap = this.#heap;
    let n = 0;
    let error: unknown = NONE;
    while (heap.length > 0 && heap[0]!.deadline <= now) {
      const entry = heap[0]!;
      this.remove(entry);
      entry.fired = true;
      const w = entry.waker;
      entry.waker = null;
      n++;
      try {
        w?.wake();
      } catch (err) {
        if (error === NONE) error = err;
      }
    }
    if (error !== NONE) throw error;
    return n;
  }

  #less(a: TimerEntry, b: TimerEntry): boolean {
    return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
  }

  #swap(i: number, j: number): void {
    const heap = this.#heap;
    const a = heap[i]!;
    const b = heap[j]!;
    heap[i] = b;
    heap[j] = a;
    a.index = j;
    b.index = i;
  }

  #up(i: number): void {
    const heap = this.#heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(heap[i]!, heap[parent]!)) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(i: number): void {
    const heap = this.#heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < heap.length && this.#less(heap[l]!, heap[min]!)) min = l;
      if (r < heap.length && this.#less(heap[r]!, heap[min]!)) min = r;
      if (min === i) return;
      this.#swap(i, min);
      i = min;
    }
  }
}
