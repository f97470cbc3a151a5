/**
 * Waker: the handle a pending future keeps to say "poll me again". Built by executors from a
 * function or from an object with `wake()` (no closure needed per task).
 *
 * Contracts (Rust's `core::task::Waker`): waking is cheap and may be called any number of times,
 * also after the task finished (it must then be harmless); `willWake` lets a future skip
 * replacing a waker that would wake the same task.
 */
export interface WakeTarget {
  wake(): void;
}

export class Waker {
  readonly #target: WakeTarget;

  private constructor(target: WakeTarget) {
    this.#target = target;
  }

  /** A waker that calls `fn` (or `target.wake()`). Wakers built from the same fn or target `willWake` each other. */
  static from(fnOrTarget: (() => void) | WakeTarget): Waker {
    return new Waker(typeof fnOrTarget === 'function' ? { wake: fnOrTarget } : fnOrTarget);
  }

  /** A waker that does nothing: for polling something once, outside any executor. */
  static noop(): Waker {
    return NOOP;
  }

  /** Wakes the task. In Rust this consumes the waker; here it is the same as `wakeByRef`. */
  wake(): void {
    this.#target.wake();
  }

  wakeByRef(): void {
    this.#target.wake();
  }

  /** Another handle to the same task. */
  clone(): Waker {
    return new Waker(this.#target);
  }

  /** True when both wake the same task (same target); a future may then keep the old one. */
  willWake(other: Waker): boolean {
    return this.#target === other.#target;
  }
}

const NOOP = Waker.from(() => {});
