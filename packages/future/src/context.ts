/** Context: what a future is polled with; today it carries the task's `Waker`, as in Rust. */
import { Waker } from './waker.js';

export class Context {
  readonly waker: Waker;

  constructor(waker: Waker) {
    this.waker = waker;
  }

  /** A context whose waker does nothing. */
  static noop(): Context {
    return NOOP_CONTEXT;
  }
}

const NOOP_CONTEXT = new Context(Waker.noop());
