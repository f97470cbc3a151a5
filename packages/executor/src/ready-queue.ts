/**
 * The executor's FIFO of woken tasks: a ring buffer over one array that keeps its capacity (as
 * tokio's VecDeque does). Two arrays swapped per batch, truncated when idle, grew again by
 * `push` for every burst of spawns: a spawn + join of 100,000 tasks paid each time for the
 * regrowth (copying) and, as each runtime's new empty arrays start out holding small integers
 * only, for a deoptimisation of the spawn path at its first task. The slots here are made once,
 * filled with null, so they hold objects from the start.
 */
import type { Task } from './task.js';

const INITIAL = 64; // a power of two: positions wrap with a mask

export class ReadyQueue {
  /** The ring; a slot not between head and head + length holds null (no finished task kept). */
  #slots: (Task | null)[] = new Array<Task | null>(INITIAL).fill(null);
  #head = 0;
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(task: Task): void {
    let slots = this.#slots;
    if (this.#length === slots.length) slots = this.#grow();
    slots[(this.#head + this.#length) & (slots.length - 1)] = task;
    this.#length++;
  }

  /** The oldest task, taken out; the queue must not be empty. */
  shift(): Task {
    const slots = this.#slots;
    const head = this.#head;
    const task = slots[head]!;
    slots[head] = null;
    this.#head = (head + 1) & (slots.length - 1);
    this.#length--;
    return task;
  }

  /** Empties the queue; returns its tasks, oldest first. */
  take(): Task[] {
    const out: Task[] = [];
    while (this.#length > 0) out.push(this.shift());
    this.#head = 0;
    return out;
  }

  /** Doubles the ring, the oldest task moved to slot 0. */
  #grow(): (Task | null)[] {
    const old = this.#slots;
    const slots = new Array<Task | null>(old.length * 2).fill(null);
    for (let i = 0; i < old.length; i++) slots[i] = old[(this.#head + i) & (old.length - 1)]!;
    this.#slots = slots;
    this.#head = 0;
    return slots;
  }
}
