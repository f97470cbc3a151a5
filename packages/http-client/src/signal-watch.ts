/**
 * SignalWatch: an AbortSignal seen from a future. The listener is added at the first check and
 * removed by `stop()` (a request or body that settled must not leave one behind per request on
 * a long-lived signal); it wakes the latest waker, so the next poll sees the abort.
 */
import type { Context, Waker } from '@ferrite/future';

export class SignalWatch {
  readonly signal: AbortSignal;
  #waker: Waker | null = null;
  #listening = false;
  /** Made once per watch, not per poll. */
  readonly #onAbort = (): void => {
    const w = this.#waker;
    this.#waker = null;
    w?.wake();
  };

  constructor(signal: AbortSignal) {
    this.signal = signal;
  }

  /** True if aborted; otherwise `cx`'s waker is woken when it is. */
  check(cx: Context): boolean {
    if (this.signal.aborted) return true;
    this.#waker = cx.waker;
    if (!this.#listening) {
      this.#listening = true;
      this.signal.addEventListener('abort', this.#onAbort, { once: true });
    }
    return false;
  }

  /** Removes the listener. Idempotent. */
  stop(): void {
    if (this.#listening) this.signal.removeEventListener('abort', this.#onAbort);
    this.#listening = false;
    this.#waker = null;
  }
}
