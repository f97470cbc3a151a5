/**
 * `join`, `joinAll`, `tryJoinAll`: run several futures concurrently in one task.
 *
 * Every child is polled on the first poll (that is what makes lazy futures concurrent: the book's
 * chapter 7 point). After that a child is polled again only once it has woken its own waker, so
 * joining n futures costs O(woken children) per poll, not O(n) (futures' FuturesUnordered idea).
 *
 * - `join` / `joinAll` never cancel a sibling: all children run to completion. If some threw,
 *   the first error (in child order) is thrown once every child has finished.
 * - `tryJoinAll` stops at the first error: it disposes the children still running and throws.
 */
import type { Awaitable } from './await.js';
import { BaseFuture } from './base.js';
import type { Context } from './context.js';
import { Context as PollContext } from './context.js';
import { disposeAll, type Future, type Output } from './future.js';
import { PENDING, Poll } from './poll.js';
import type { Waker, WakeTarget } from './waker.js';
import { POLL_JOINED, type Joinable, type JoinSlot } from './join-slot.js';

const NO_ERROR = Symbol('no error');

/**
 * The context a child of a join is polled with, and its own wake target: waking it marks the
 * child for polling, then wakes the join's task. One object per child (its Waker is made only
 * if the child asks for it).
 */
class ChildContext extends PollContext implements WakeTarget {
  readonly join: JoinSlot;
  readonly index: number;

  constructor(join: JoinSlot, index: number) {
    super();
    this.join = join;
    this.index = index;
  }

  wake(): void {
    this.join.markReady(this.index);
  }
}

// What each child is, one byte per child.
const WAITING = 0; // polled, pending, not woken since
const QUEUED = 1; // to poll at the next poll (every child before the first)
const DONE = 2; // finished: its slot holds its value

class JoinAll<T> extends BaseFuture<T[]> implements JoinSlot {
  /** Each child, replaced in its slot by its value once DONE: the slots become the output. */
  readonly #slots: unknown[];
  readonly #state: Uint8Array;
  readonly #failFast: boolean;
  #running: number;
  #error: unknown = NO_ERROR;
  /** The child whose error `#error` is: a lower one's error replaces it (errors come in any order). */
  #errorIndex = -1;
  /** Children woken since the last poll; null before the first poll, which polls them all. */
  #ready: number[] | null = null;
  /** Per child polled with a context of its own (not by the join protocol); made on first need. */
  #contexts: (ChildContext | null)[] | null = null;
  #parent: Waker | null = null;

  constructor(children: Iterable<Future<T>>, failFast: boolean) {
    super();
    this.#slots = Array.isArray(children) ? children.slice() : [...children];
    const n = this.#slots.length;
    this.#running = n;
    this.#failFast = failFast;
    this.#state = new Uint8Array(n).fill(QUEUED);
  }

  /** JoinSlot: child `index` woke (through its context's waker, or itself by the join protocol). */
  markReady(index: number): void {
    if (this.#state[index] !== WAITING) return;
    this.#state[index] = QUEUED;
    this.#ready!.push(index);
    this.#parent?.wakeByRef();
  }

  /**
   * JoinSlot: child `index` (polled by the join protocol) finished with `value`. Only the last
   * child to finish wakes the join: a join of many spawned tasks is then polled twice in all,
   * and keeps no list of woken children.
   */
  markDone(index: number, value: unknown): void {
    if (this.#state[index] === DONE) return; // disposed meanwhile
    this.#finish(index, value as T);
    if (this.#running === 0) this.#parent?.wakeByRef();
  }

  protected pollOnce(cx: Context): Poll<T[]> {
    if (this.#parent === null || !this.#parent.willWake(cx.waker)) this.#parent = cx.waker;
    const ready = this.#ready;
    this.#ready = [];
    this.#pollChildren(ready, ready === null ? this.#slots.length : ready.length);
    if (this.#running > 0) return PENDING;
    if (this.#error !== NO_ERROR) throw this.#error;
    return Poll.ready(this.#slots as T[]);
  }

  /**
   * Polls the children due: all of them (`ready` null: the first poll) or those in `ready`. A
   * method of its own because its loop is long enough to be optimised while it runs (on-stack
   * replacement): code compiled that way for all of pollOnce carried the lines after the loop
   * without type feedback, and left the optimised code there at every large join.
   */
  #pollChildren(ready: number[] | null, count: number): void {
    const slots = this.#slots;
    const state = this.#state;
    for (let k = 0; k < count; k++) {
      const i = ready === null ? k : ready[k]!;
      if (state[i] !== QUEUED) continue;
      state[i] = WAITING;
      let p: Poll<T>;
      try {
        const child = slots[i] as Partial<Joinable<T>> & Future<T>;
        // A child that speaks the join protocol (join-slot.ts) needs no context of its own.
        p = typeof child[POLL_JOINED] === 'function' ? child[POLL_JOINED](this, i) : child.poll(this.#context(i));
      } catch (err) {
        this.#finish(i, undefined);
        if (this.#failFast) throw err; // release() disposes the rest
        if (this.#error === NO_ERROR || i < this.#errorIndex) {
          this.#error = err;
          this.#errorIndex = i;
        }
        continue;
      }
      if (p !== PENDING) this.#finish(i, p.value);
    }
  }

  #context(i: number): ChildContext {
    const contexts = (this.#contexts ??= new Array<ChildContext | null>(this.#slots.length).fill(null));
    return (contexts[i] ??= new ChildContext(this, i));
  }

  #finish(i: number, value: T | undefined): void {
    this.#state[i] = DONE;
    this.#slots[i] = value;
    if (this.#contexts !== null) this.#contexts[i] = null;
    this.#running--;
  }

  protected override release(): void {
    this.#parent = null;
    const held: Future<unknown>[] = [];
    for (let i = 0; i < this.#slots.length; i++) {
      if (this.#state[i] === DONE) continue;
      held.push(this.#slots[i] as Future<unknown>);
      this.#state[i] = DONE;
      this.#slots[i] = undefined;
    }
    disposeAll(held);
  }
}

/** All outputs, in order. Every child runs to completion; see the module notes on errors. */
export function joinAll<T>(futures: Iterable<Future<T>>): Awaitable<T[]> {
  return new JoinAll(futures, false);
}

/** All outputs, in order; the first child to throw wins and the others are disposed. */
export function tryJoinAll<T>(futures: Iterable<Future<T>>): Awaitable<T[]> {
  return new JoinAll(futures, true);
}

/** A tuple of the outputs, typed: `join(a, b)` is a `Future<[A, B]>`. Same rules as `joinAll`. */
export function join<const F extends readonly Future<unknown>[]>(...futures: F): Awaitable<{ -readonly [K in keyof F]: Output<F[K]> }> {
  return new JoinAll(futures as readonly Future<unknown>[], false) as unknown as Awaitable<{ -readonly [K in keyof F]: Output<F[K]> }>;
}
