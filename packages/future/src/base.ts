// The lifecycle every combinator shares: poll until Ready (or a throw), then never again; dispose
// at most once, and only while unfinished. Subclasses implement pollOnce() and release().
import type { Context } from './context.js';
import { PolledAfterCompletion } from './errors.js';
import type { Future } from './future.js';
import { PENDING, type Poll } from './poll.js';

export abstract class BaseFuture<T> implements Future<T> {
  #finished = false;

  poll(cx: Context): Poll<T> {
    if (this.#finished) throw new PolledAfterCompletion(this.constructor.name);
    let p: Poll<T>;
    try {
      p = this.pollOnce(cx);
    } catch (err) {
      this.#finished = true;
      this.release();
      throw err;
    }
    if (p !== PENDING) this.#finished = true;
    return p;
  }

  /** Cancels an unfinished future: releases what it holds, exactly once. No-op once finished. */
  [Symbol.dispose](): void {
    if (this.#finished) return;
    this.#finished = true;
    this.release();
  }

  /** True once Ready, thrown or disposed. */
  get finished(): boolean {
    return this.#finished;
  }

  protected abstract pollOnce(cx: Context): Poll<T>;

  /** Dispose children still held. Called once: on dispose, or after pollOnce threw. */
  protected release(): void {}
}
