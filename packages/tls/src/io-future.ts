// The future behind TlsStream.read/write/writeAll/flush/shutdown/readToEnd.
import { BaseFuture, PENDING, type Context, type Poll } from '@ferrite/future';
import { Waiter } from '@ferrite/reactor';

/** A future from a poll function over a stream that outlives it (as the reactor's IoFuture). */
export class IoFuture<T> extends BaseFuture<T> {
  readonly #waiter = new Waiter();

  constructor(readonly pollStep: (cx: Context, waiter: Waiter) => Poll<T>) {
    super();
  }

  protected pollOnce(cx: Context): Poll<T> {
    const p = this.pollStep(cx, this.#waiter);
    if (p !== PENDING) this.#waiter.remove();
    return p;
  }

  protected override release(): void {
    this.#waiter.remove();
  }
}
