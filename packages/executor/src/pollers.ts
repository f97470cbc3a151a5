/**
 * Whom a JoinHandle tells when its task ends, besides a join whose index fits the task's flags
 * (join-handle.ts keeps that one packed): a join child of its own, or every place that polls it.
 */
import { Waker, type Context, type JoinSlot } from '@ferrite/future';

/**
 * A join child whose index does not fit the task's flags (a join of more than a million
 * children): its own small wake target, as every join child had before the join protocol.
 */
export class JoinedContext {
  readonly join: JoinSlot;
  readonly index: number;
  #waker: Waker | null = null;

  constructor(join: JoinSlot, index: number) {
    this.join = join;
    this.index = index;
  }

  get waker(): Waker {
    return (this.#waker ??= Waker.from(this));
  }

  wake(): void {
    this.join.markReady(this.index);
  }
}

/**
 * A handle polled from more than one place: twice in one join (`joinAll([h, h])`), by two joins,
 * or by a join and then a task. A handle has one outcome to give, but keeping only the newest
 * poller left the others waiting forever (a deadlock, or a run() that never settles); so all are
 * told, by wake or markReady, never markDone: the first to poll again gets the outcome, the rest
 * ERR_POLLED_AFTER_COMPLETION. A poller that moved on takes a spurious wake, which is allowed.
 */
export class Pollers {
  readonly #list: (Context | JoinedContext)[];
  #waker: Waker | null = null;

  constructor(first: Context | JoinedContext) {
    this.#list = [first];
  }

  /** Adds a poller unless it is one already (the same join and index, or a context that wakes the same). */
  add(joiner: Context | JoinSlot, index: number): void {
    for (const p of this.#list) if (samePoller(p, joiner, index)) return;
    this.#list.push(index < 0 ? (joiner as Context) : new JoinedContext(joiner as JoinSlot, index));
  }

  get waker(): Waker {
    return (this.#waker ??= Waker.from(this));
  }

  wake(): void {
    for (const p of this.#list) p.waker.wake();
  }
}

/** Whether `p` is the poller that polls as (`joiner`, `index`): index < 0 for a Context. */
export function samePoller(p: Context | JoinedContext, joiner: Context | JoinSlot, index: number): boolean {
  if (p instanceof JoinedContext) return index >= 0 && p.join === joiner && p.index === index;
  return index < 0 && (p === joiner || p.waker.willWake((joiner as Context).waker));
}
