/**
 * Context: what a future is polled with; today it carries the task's `Waker`, as in Rust.
 *
 * Two ways to make one:
 * - `new Context(waker)`: carries `waker`.
 * - An executor's task may *be* its context: a subclass that implements `wake()` calls `super()`
 *   with no waker, and its `waker` (waking the task itself) is made on first use. A task whose
 *   future never waits then costs no waker at all (tokio's task header doubles as its waker the
 *   same way).
 *
 * ```ts
 * class Task extends Context implements WakeTarget {
 *   constructor() { super(); }
 *   wake() { queue.push(this); }
 * }
 * ```
 */
import { invalidArgType } from './errors/args.js';
import { Waker, type WakeTarget } from './waker.js';

export class Context {
  #waker: Waker | null;

  constructor(waker?: Waker) {
    if (waker === undefined) {
      if (typeof (this as Partial<WakeTarget>).wake !== 'function') throw invalidArgType('waker', 'a Waker (or a subclass of Context with a wake() method)', waker);
      this.#waker = null;
    } else {
      this.#waker = waker;
    }
  }

  /** The task's waker (for a subclass that is its own wake target, made on first use). */
  get waker(): Waker {
    return (this.#waker ??= Waker.from(this as unknown as WakeTarget));
  }

  /** A context whose waker does nothing. */
  static noop(): Context {
    return NOOP_CONTEXT;
  }
}

const NOOP_CONTEXT = new Context(Waker.noop());
