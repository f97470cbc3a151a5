// The lifecycle every combinator shares: poll until Ready (or a throw), then never again; dispose
// at most once, and only while unfinished. Subclasses implement pollOnce() and release().
// Every BaseFuture is also a PromiseLike: `then` hands it to the thread's await driver (await.ts).
import { thenFuture } from './await.js';
import type { Context } from './context.js';
import { PolledAfterCompletion } from './future-error.js';
import type { Future } from './future.js';
import { PENDING, type Poll } from './poll.js';
import type { JoinSlot } from './join-slot.js';

export abstract class BaseFuture<T> implements Future<T>, PromiseLike<T> {
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

  /**
   * For a subclass that speaks the join protocol (join-slot.ts): its
   * `[POLL_JOINED](join, index) { return this.pollJoined(join, index); }` runs `pollOnceJoined`
   * under the same lifecycle as `poll` (finished once Ready or thrown, released on a throw).
   */
  protected pollJoined(join: JoinSlot, index: number): Poll<T> {
    if (this.#finished) throw new PolledAfterCompletion(this.constructor.name);
    let p: Poll<T>;
    try {
      p = this.pollOnceJoined(join, index);
    } catch (err) {
      this.#finished = true;
      this.release();
      throw err;
    }
    if (p !== PENDING) this.#finished = true;
    return p;
  }

  /** `pollOnce` in the join protocol's form: as if polled with a waker calling `join.markReady(index)`. */
  protected pollOnceJoined(join: JoinSlot, index: number): Poll<T> {
    void join;
    void index;
    throw new TypeError(`${this.constructor.name} does not speak the join protocol`);
  }

  /** Cancels an unfinished future: releases what it holds, exactly once. No-op once finished. */
  [Symbol.dispose](): void {
    if (this.#finished) return;
    this.#finished = true;
    this.release();
  }

  /**
   * Awaiting from Node: runs this future on the thread's await driver (the executor's default
   * runtime), at most once; rejects with ERR_NO_RUNTIME if no executor was imported.
   */
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return thenFuture(this, onFulfilled, onRejected);
  }

  /** True once Ready, thrown or disposed. */
  get finished(): boolean {
    return this.#finished;
  }

  protected abstract pollOnce(cx: Context): Poll<T>;

  /** Dispose children still held. Called once: on dispose, or after pollOnce threw. */
  protected release(): void {}
}
