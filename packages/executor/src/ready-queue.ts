/**
 * The executor's FIFO of woken tasks: a chain of fixed-size blocks (as crossbeam's and tokio's
 * injection queues are), a slot cleared as its task is taken. Two arrays swapped per batch,
 * truncated when idle, grew again by `push` for every burst of spawns: a spawn + join of 100,000
 * tasks paid each time for the regrowth, and held every task run until the queue next went
 * idle. A ring buffer fixed that but still copied itself on each doubling, into an array so large
 * that it lives in the old generation, where every young task stored costs a remembered-set
 * entry. Blocks are never copied, are young when their tasks are, and the one emptied last is
 * kept for reuse, so a steady queue allocates nothing. The slots are made filled with null, so
 * that they hold objects from the start (an empty `[]` holds small integers until its first push,
 * which deoptimised spawn at each new runtime's first task).
 */
import type { Task } from './task.js';

const BLOCK = 1024;

class Block {
  /** Tasks at [taken, filled) of the block where they are; null elsewhere. */
  readonly slots: (Task | null)[] = new Array<Task | null>(BLOCK).fill(null);
  next: Block | null = null;
}

export class ReadyQueue {
  /** The block of the oldest task; `#first` is its index there. */
  #head = new Block();
  #first = 0;
  /** The block the next task goes to; `#end` is its index there. */
  #tail = this.#head;
  #end = 0;
  #length = 0;
  /** An emptied block, kept for the next one needed. */
  #spare: Block | null = null;

  get length(): number {
    return this.#length;
  }

  push(task: Task): void {
    if (this.#end === BLOCK) {
      const block = this.#spare ?? new Block();
      this.#spare = null;
      this.#tail.next = block;
      this.#tail = block;
      this.#end = 0;
    }
    this.#tail.slots[this.#end++] = task;
    this.#length++;
  }

  /** The oldest task, taken out; the queue must not be empty. */
  shift(): Task {
    if (this.#first === BLOCK) {
      const done = this.#head;
      this.#head = done.next!;
      this.#first = 0;
      done.next = null;
      this.#spare = done;
    }
    const slots = this.#head.slots;
    const task = slots[this.#first]!;
    slots[this.#first++] = null;
    if (--this.#length === 0 && this.#head === this.#tail) this.#first = this.#end = 0; // start the block over
    return task;
  }

  /** Empties the queue; returns its tasks, oldest first. */
  take(): Task[] {
    const out: Task[] = [];
    while (this.#length > 0) out.push(this.shift());
    return out;
  }
}
