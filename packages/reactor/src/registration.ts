/**
 * Registration: one source registered with the reactor. Tracks readiness per direction and the
 * latest waker per direction (the book's `set_waker`, smol's `Direction`). Edge-triggered: a leaf
 * future that sees WOULD_BLOCK calls `clearReadReady()` and waits for the next edge.
 */
import { PENDING, Poll, type Context, type Waker } from '@ferrite/future';
import { ReactorError } from './errors.js';
import { checkWaker } from './validate.js';

const READY: Poll<void> = Poll.ready(undefined);

/** @internal How many registrations of a reactor have a waiter: kept exact so isIdle() is O(1). */
export interface WaiterCount {
  n: number;
}

export class Registration {
  /** The token the reactor routes events by. */
  readonly token: number;
  /** Readiness starts set: the first read or write is simply tried (it may say WOULD_BLOCK). */
  #readReady = true;
  #writeReady = true;
  #readWaker: Waker | null = null;
  #writeWaker: Waker | null = null;
  /** Woken on the next event, without counting as a waiter (see `watchIdle`). */
  #idleWaker: Waker | null = null;
  #deregister: ((r: Registration) => void) | null;
  readonly #waiters: WaiterCount;
  /** Whether this registration is counted in `#waiters` now. */
  #counted = false;
  /** The reactor was closed under this registration: no event will ever come again. */
  #orphaned = false;

  /** @internal Made by `Reactor.register`. */
  constructor(token: number, deregister: (r: Registration) => void, waiters: WaiterCount) {
    this.token = token;
    this.#deregister = deregister;
    this.#waiters = waiters;
  }

  /** Ready if the source may be readable; otherwise stores the waker and returns PENDING. */
  pollReadReady(cx: Context): Poll<void> {
    if (this.#readReady) return READY;
    if (this.#orphaned) throw reactorClosed();
    if (this.#readWaker === null || !this.#readWaker.willWake(cx.waker)) {
      this.#readWaker = cx.waker;
      this.#count();
    }
    return PENDING;
  }

  pollWriteReady(cx: Context): Poll<void> {
    if (this.#writeReady) return READY;
    if (this.#orphaned) throw reactorClosed();
    if (this.#writeWaker === null || !this.#writeWaker.willWake(cx.waker)) {
      this.#writeWaker = cx.waker;
      this.#count();
    }
    return PENDING;
  }

  /** Call after WOULD_BLOCK from a read: wait for the next readable edge. */
  clearReadReady(): void {
    this.#readReady = false;
  }

  clearWriteReady(): void {
    this.#writeReady = false;
  }

  /** True while a task waits on this source (the reactor then has work that can wake it). */
  get waiting(): boolean {
    return this.#readWaker !== null || this.#writeWaker !== null;
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

  /** Removes the source from the reactor and drops the wakers. Idempotent. */
  deregister(): void {
    const dereg = this.#deregister;
    this.#deregister = null;
    this.#readWaker = this.#writeWaker = this.#idleWaker = null;
    this.#count();
    dereg?.(this);
  }

  /**
   * @internal The reactor is closing: forget it. A later wait throws ERR_CLOSED rather than
   * pending forever (a socket may outlive the runtime it was made in).
   */
  orphan(): void {
    this.#orphaned = true;
    this.#deregister = null;
    this.#readWaker = this.#writeWaker = this.#idleWaker = null;
    this.#count();
  }

  /**
   * @internal The reactor saw an event: set readiness and wake whoever waits. State is settled
   * before any waker runs, and every waker runs even if one throws (the first error is rethrown):
   * a throwing waker must not lose an edge.
   */
  dispatch(readable: boolean, writable: boolean): void {
    let idle: Waker | null = null;
    let read: Waker | null = null;
    let write: Waker | null = null;
    if (readable || writable) {
      idle = this.#idleWaker;
      this.#idleWaker = null;
    }
    if (readable) {
      this.#readReady = true;
      read = this.#readWaker;
      this.#readWaker = null;
    }
    if (writable) {
      this.#writeReady = true;
      write = this.#writeWaker;
      this.#writeWaker = null;
    }
    this.#count();
    wakeAll(idle, read, write);
  }

  /** Brings the reactor's waiter count in line with this registration's wakers. */
  #count(): void {
    const waiting = this.#readWaker !== null || this.#writeWaker !== null;
    if (waiting !== this.#counted) {
      this.#counted = waiting;
      this.#waiters.n += waiting ? 1 : -1;
    }
  }
}

const NONE = Symbol('none');

/** Wakes each non-null waker (no allocation: this is the hot path); rethrows the first error. */
function wakeAll(a: Waker | null, b: Waker | null, c: Waker | null): void {
  let error: unknown = NONE;
  if (a !== null) error = wakeCatching(a, error);
  if (b !== null) error = wakeCatching(b, error);
  if (c !== null) error = wakeCatching(c, error);
  if (error !== NONE) throw error;
}

function wakeCatching(w: Waker, error: unknown): unknown {
  try {
    w.wake();
  } catch (err) {
    if (error === NONE) return err;
  }
  return error;
}

const reactorClosed = () =>
  new ReactorError('ERR_CLOSED', 'the reactor this source was registered with is closed: no readiness can arrive any more');
