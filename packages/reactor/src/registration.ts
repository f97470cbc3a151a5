/**
 * Registration: one source registered with the reactor. Tracks readiness per direction and the
 * tasks waiting per direction (smol's `Direction`, tokio's `ScheduledIo`). Edge-triggered: a leaf
 * future that sees WOULD_BLOCK calls `clearReadReady()` and waits for the next edge.
 *
 * Several tasks may wait on the same direction: each waiting future passes its own `Waiter`
 * (O(1) to join, replace, leave), and readiness wakes all of them, as tokio does; the ones that
 * then find nothing to do (WOULD_BLOCK) wait again. A poll without a Waiter uses the
 * registration's own one per direction, which keeps only the latest waker (tokio's
 * `poll_read_ready`: one task at a time per direction for the poll forms).
 */
import { PENDING, Poll, type Context, type Waker } from '@ferrite/future';
import { closedError } from './errors.js';
import type { Reactor } from './reactor.js';
import { checkWaker } from '@ferrite/future/errors';
import { NO_ERROR, Waiter, WaiterList, wakeChain } from './waiters.js';

const READY: Poll<void> = Poll.ready(undefined);

/** @internal How many registrations of a reactor have a waiter: kept exact so isIdle() is O(1). */
export interface WaiterCount {
  n: number;
  /** Called when `n` drops to 0 (the reactor may have become idle). */
  settle?: () => void;
}

// The owner of its own waiter lists (WaiterOwner in waiters.ts, structurally: `recount()`), so a
// registration needs no object and closure of its own for them; not declared with `implements`,
// which would put the internal WaiterOwner in the public API reference.
export class Registration {
  /** The token the reactor routes events by. */
  readonly token: number;
  /** The reactor this source is registered with (a socket polled under another one moves). */
  readonly reactor: Reactor;
  /** Readiness starts set: the first read or write is simply tried (it may say WOULD_BLOCK). */
  #readReady = true;
  #writeReady = true;
  /**
   * The tasks waiting for the next readable / writable edge. The writers' list is made at the
   * first write that has to wait (most connections never wait to write: ~110 B saved each).
   */
  readonly #readers: WaiterList = new WaiterList(this);
  #writers: WaiterList | null = null;
  /**
   * The waiters of polls that bring none (the poll forms): one per direction, latest waker. Made
   * at first use: futures that bring their own Waiter (IoFuture) never need them.
   */
  #readSlot: Waiter | null = null;
  #writeSlot: Waiter | null = null;
  /** Woken on the next event, without counting as a waiter (see `watchIdle`). */
  #idleWaker: Waker | null = null;
  #deregister: ((r: Registration) => void) | null;
  readonly #waiters: WaiterCount;
  /** Whether this registration is counted in `#waiters` now. */
  #counted = false;
  /** The reactor was closed under this registration: no event will ever come again. */
  #orphaned = false;
  /**
   * An event said the read half is closed (peer's FIN, hang-up, error): final, so readable stays
   * set whatever `clearReadReady()` is told. A short read may clear readiness (tcp-stream.ts),
   * but when the data and the FIN came in one edge, no later edge would announce the end.
   */
  #readClosed = false;

  /** @internal Made by `Reactor.register`. */
  constructor(reactor: Reactor, token: number, deregister: (r: Registration) => void, waiters: WaiterCount) {
    this.reactor = reactor;
    this.token = token;
    this.#deregister = deregister;
    this.#waiters = waiters;
  }

  /**
   * Ready if the source may be readable; otherwise `waiter` (default: this registration's own)
   * waits with `cx.waker` and PENDING is returned. Throws ERR_CLOSED once the reactor is closed.
   */
  pollReadReady(cx: Context, waiter?: Waiter): Poll<void> {
    if (this.#readReady) return READY;
    if (this.#orphaned) throw reactorClosed();
    this.#readers.add(waiter ?? (this.#readSlot ??= new Waiter()), cx.waker);
    return PENDING;
  }

  pollWriteReady(cx: Context, waiter?: Waiter): Poll<void> {
    if (this.#writeReady) return READY;
    if (this.#orphaned) throw reactorClosed();
    (this.#writers ??= new WaiterList(this)).add(waiter ?? (this.#writeSlot ??= new Waiter()), cx.waker);
    return PENDING;
  }

  /**
   * Call after WOULD_BLOCK from a read (or a short read): wait for the next readable edge. No-op
   * once the read half was reported closed: the next read returns the end (or the error) at once.
   */
  clearReadReady(): void {
    if (!this.#readClosed) this.#readReady = false;
  }

  clearWriteReady(): void {
    this.#writeReady = false;
  }

  /** True while a task waits on this source (the reactor then has work that can wake it). */
  get waiting(): boolean {
    return !this.#readers.empty || (this.#writers !== null && !this.#writers.empty);
  }

  /** True once the reactor was closed under this registration. */
  get orphaned(): boolean {
    return this.#orphaned;
  }

  /**
   * Wakes `waker` once at the next event on this source (readable data, end of stream, error),
   * without making the reactor busy: an idle source watched this way does not keep a run-mode
   * process alive or a blockOn from detecting a deadlock. For connections parked in a pool.
   */
  watchIdle(waker: Waker | null): void {
    checkWaker(waker);
    this.#idleWaker = waker;
  }

  /**
   * Removes the source from the reactor. Every task still waiting on it is woken (it then finds
   * the socket closed, or moved, rather than waiting forever); a throwing waker does not stop the
   * others, and its error is rethrown once the registration is gone. Idempotent.
   */
  deregister(): void {
    const dereg = this.#deregister;
    this.#deregister = null;
    this.#idleWaker = null;
    const readers = this.#readers.takeAll();
    const writers = this.#writers?.takeAll() ?? null;
    this.recount();
    try {
      dereg?.(this);
    } finally {
      const error = wakeChain(writers, wakeChain(readers));
      if (error !== NO_ERROR) throw error;
    }
  }

  /**
   * @internal The reactor is closing: forget it. Waiting tasks are woken, and a later wait throws
   * ERR_CLOSED rather than pending forever (a socket may outlive the runtime it was made in).
   */
  orphan(): void {
    this.#orphaned = true;
    this.#deregister = null;
    this.#idleWaker = null;
    const readers = this.#readers.takeAll();
    const writers = this.#writers?.takeAll() ?? null;
    this.recount();
    const error = wakeChain(writers, wakeChain(readers));
    if (error !== NO_ERROR) throw error;
  }

  /**
   * @internal The reactor saw an event: set readiness and wake whoever waits. State is settled
   * before any waker runs, and every waker runs even if one throws (the first error is rethrown):
   * a throwing waker must not lose an edge.
   */
  dispatch(readable: boolean, writable: boolean, readClosed = false): void {
    if (readClosed) this.#readClosed = true;
    let idle: Waker | null = null;
    let readers: Waiter | null = null;
    let writers: Waiter | null = null;
    if (readable || writable) {
      idle = this.#idleWaker;
      this.#idleWaker = null;
    }
    if (readable) {
      this.#readReady = true;
      readers = this.#readers.takeAll();
    }
    if (writable) {
      this.#writeReady = true;
      writers = this.#writers?.takeAll() ?? null;
    }
    this.recount();
    let error: unknown = NO_ERROR;
    if (idle !== null) {
      try {
        idle.wake();
      } catch (err) {
        error = err;
      }
    }
    error = wakeChain(writers, wakeChain(readers, error));
    if (error !== NO_ERROR) throw error;
  }

  /**
   * @internal Brings the reactor's waiter count in line with this registration's lists: O(1).
   * The lists call it when they fill or empty: the registration is their owner itself, rather
   * than an object and a closure more per registration (~88 B).
   */
  recount(): void {
    const waiting = this.waiting;
    if (waiting !== this.#counted) {
      this.#counted = waiting;
      this.#waiters.n += waiting ? 1 : -1;
      if (this.#waiters.n === 0) this.#waiters.settle?.();
    }
  }
}

const reactorClosed = () =>
  closedError('the reactor this source was registered with is closed: no readiness can arrive any more');
