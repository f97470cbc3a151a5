/**
 * `Semaphore`: a count of permits that futures wait for, as tokio's `sync::Semaphore`. Permits
 * are disposable, so `using` returns them on every way out of a block.
 *
 * ```ts
 * const cap = new Semaphore(8);                  // at most 8 fetches at a time
 * const fetchCapped = coroutine(function* (url: string) {
 *   using permit = yield* wait(cap.acquire());   // released at the end of the block
 *   return yield* wait(fetch(url));
 * });
 * ```
 *
 * - Fair (FIFO): an `acquire(n)` waits behind those queued before it, and a large request at the
 *   head is not overtaken by smaller ones, so it cannot be starved. `tryAcquire` does not jump
 *   the queue either.
 * - Cancellation-safe: an acquire disposed while waiting leaves the queue (waking whoever it
 *   was blocking); one disposed after its permits were granted gives them back to the next.
 * - `close()`: acquires still waiting, and any made later, fail with `ERR_CLOSED`; permits already out can still be released.
 * - Counts are safe integers: `new Semaphore(permits >= 0)`, `acquire(n >= 0)`, `addPermits(n >= 0)`
 *   (`ERR_INVALID_ARG_TYPE` / `ERR_INVALID_ARG_VALUE`); more than 2^53 - 1 permits in all is
 *   `ERR_OUT_OF_RANGE`. An `acquire(n)` for more than the semaphore will ever have waits forever.
 */
import type { Awaitable } from '../await.js';
import { BaseFuture } from '../base.js';
import type { Context } from '../context.js';
import { closedError } from '../future-error.js';
import { PENDING, Poll } from '../poll.js';
import { checkInteger, outOfRange } from '../errors/args.js';
import { INSPECT, WaitList, WaitNode, wakeAll } from './wait-list.js';

class AcquireNode extends WaitNode {
  constructor(readonly need: number) {
    super();
  }
}

/** @internal The state a Semaphore, its acquire futures and its permits share. */
export class SemCore {
  available: number;
  /** Permits in existence: available + granted + held by live Permits (forget() removes some). */
  total: number;
  closed = false;
  readonly waiters = new WaitList<AcquireNode>();

  constructor(permits: number) {
    this.available = this.total = permits;
  }

  /** Permits come back (released, or handed back by a disposed granted acquire). */
  release(n: number): void {
    this.available += n;
    this.grant();
  }

  /** Grants permits to queued acquires in FIFO order, stopping at the first that does not fit. */
  grant(): void {
    if (this.waiters.peek() === null) return; // every release() with nobody queued: no array
    const woken: WaitNode[] = [];
    for (let n = this.waiters.peek(); n !== null && n.need <= this.available; n = this.waiters.peek()) {
      this.waiters.remove(n);
      this.available -= n.need;
      n.granted = true;
      woken.push(n);
    }
    wakeAll(woken);
  }
}

/** Permits held; `[Symbol.dispose]` (or `release()`) gives them back, once. */
export class Permit implements Disposable {
  #core: SemCore | null;
  readonly #count: number;

  /** @internal Made by Semaphore. */
  constructor(core: SemCore, count: number) {
    this.#core = core;
    this.#count = count;
  }

  /** How many permits this holds (0 once released or forgotten). */
  get count(): number {
    return this.#core === null ? 0 : this.#count;
  }

  /** Returns the permits to the semaphore. Idempotent. */
  release(): void {
    const core = this.#core;
    this.#core = null;
    core?.release(this.#count);
  }

  /** Drops the permits without returning them: the semaphore has that many fewer for good. */
  forget(): void {
    const core = this.#core;
    this.#core = null;
    if (core !== null) core.total -= this.#count;
  }

  [Symbol.dispose](): void {
    this.release();
  }
}

export class Semaphore {
  readonly #core: SemCore;

  constructor(permits: number) {
    this.#core = new SemCore(checkInteger(permits, 'permits', 0));
  }

  /** Permits free now. */
  get available(): number {
    return this.#core.available;
  }

  get isClosed(): boolean {
    return this.#core.closed;
  }

  /** A future of a Permit for `n` permits (default 1), once they are free and it is its turn. */
  acquire(n = 1): Awaitable<Permit> {
    return new Acquire(this.#core, checkInteger(n, 'n', 0));
  }

  /** A Permit now if `n` permits are free and nobody is queued, else null. Throws if closed. */
  tryAcquire(n = 1): Permit | null {
    checkInteger(n, 'n', 0);
    const core = this.#core;
    if (core.closed) throw closedError('tryAcquire() on a closed semaphore');
    if (core.waiters.length > 0 || core.available < n) return null;
    core.available -= n;
    return new Permit(core, n);
  }

  /** Adds `n` permits for good (and grants them to waiting acquires). */
  addPermits(n: number): void {
    checkInteger(n, 'n', 0);
    const core = this.#core;
    if (core.total + n > Number.MAX_SAFE_INTEGER) {
      throw outOfRange('n', `<= ${Number.MAX_SAFE_INTEGER - core.total} (the semaphore holds at most 2^53 - 1 permits in all)`, n);
    }
    core.total += n;
    core.release(n);
  }

  /** Fails every waiting acquire, and every later one, with ERR_CLOSED. Idempotent. */
  close(): void {
    const core = this.#core;
    if (core.closed) return;
    core.closed = true;
    wakeAll(core.waiters.drain());
  }

  /** @internal For tests. */
  [INSPECT]() {
    const { available, total, closed, waiters } = this.#core;
    return { available, total, closed, waiting: waiters.length };
  }
}

class Acquire extends BaseFuture<Permit> {
  readonly #core: SemCore;
  readonly #need: number;
  #node: AcquireNode | null = null;

  constructor(core: SemCore, need: number) {
    super();
    this.#core = core;
    this.#need = need;
  }

  protected pollOnce(cx: Context): Poll<Permit> {
    const core = this.#core;
    let node = this.#node;
    if (node !== null && node.granted) {
      node.granted = false;
      this.#node = null;
      return Poll.ready(new Permit(core, this.#need));
    }
    if (core.closed) throw closedError('acquire() on a closed semaphore');
    if (node === null) {
      if (core.waiters.length === 0 && core.available >= this.#need) {
        core.available -= this.#need;
        return Poll.ready(new Permit(core, this.#need));
      }
      node = this.#node = new AcquireNode(this.#need);
    }
    node.register(cx.waker);
    if (!node.queued) core.waiters.push(node);
    return PENDING;
  }

  protected override release(): void {
    const node = this.#node;
    this.#node = null;
    if (node === null) return;
    if (node.granted) {
      node.granted = false;
      this.#core.release(node.need); // granted but never taken: to the next in line
    } else if (node.queued) {
      this.#core.waiters.remove(node);
      this.#core.grant(); // we may have been the large request holding smaller ones back
    }
  }
}
