/**
 * Reactor: owns a `Poll` and turns readiness into wakes (the book's chapter 8 reactor, with
 * smol's per-direction registrations). One timerfd carries the earliest timer deadline and one
 * native resolver thread answers DNS lookups; both are ordinary sources in the same epoll set,
 * so the reactor waits in exactly one place, whichever way it is driven:
 *
 * - `turn(timeoutMs)` / `park(timeoutMs)`: wait in epoll_wait on this thread (blockOn mode);
 * - `attach(onWake)`: let libuv watch the epoll fd and drain it from Node's loop (run mode).
 */
import { Events, Interest, Poll, Resolver, Waker, type ResolvedAddress, type SystemError, type Source } from '@ferrite/epoll';
import type { Waker as TaskWaker } from '@ferrite/future';
import { Clock } from './clock.js';
import { swapReactor } from './current.js';
import { checkFunction } from '@ferrite/future/errors';
import { closedError } from './errors.js';
import { Registration, type WaiterCount } from './registration.js';
import type { TimerEntry } from './timer-queue.js';

const TOKEN_UNPARK = 0;
const TOKEN_TIMER = 1;
const TOKEN_DNS = 2;
const FIRST_SOURCE_TOKEN = 3;
const NONE = Symbol('none');

/** A DNS lookup in flight; `done` once answered. */
export interface LookupRequest {
  id: number;
  waker: TaskWaker | null;
  done: boolean;
  addresses: ResolvedAddress[] | null;
  error: SystemError | null;
}

export class Reactor {
  readonly #poll = new Poll();
  readonly #events = new Events(1024);
  readonly #unpark: Waker;
  /** The timers and the timerfd armed for the earliest (see clock.ts for the huge-delay rules). */
  readonly #clock = new Clock();
  readonly #sources = new Map<number, [Registration, Source]>();
  /** Registrations with a waiter; maintained by the registrations themselves. */
  readonly #waiters: WaiterCount = { n: 0, settle: () => this.#settle() };
  #nextToken = FIRST_SOURCE_TOKEN;
  #resolver: Resolver | null = null;
  readonly #lookups = new Map<number, LookupRequest>();
  #attached = false;
  #closed = false;
  /** Inside turn(): a close() from a waker there waits for the turn to end (see close()). */
  #turning = false;
  /** Depth of enter(): work done inside an executor's batch, which updates the ref after it. */
  #entered = 0;
  #closeAfterTurn = false;

  constructor() {
    this.#unpark = new Waker(this.#poll.registry(), TOKEN_UNPARK);
    this.#poll.registry().register(this.#clock.fd, TOKEN_TIMER, Interest.READABLE);
  }

  /** Registers `source` (edge-triggered); events for it set readiness and wake all its waiters. */
  register(source: Source, interest: number = Interest.READABLE | Interest.WRITABLE): Registration {
    this.#checkOpen();
    const token = this.#nextToken++;
    const reg = new Registration(this, token, (r) => this.#deregister(r), this.#waiters);
    this.#poll.registry().register(source, token, interest);
    this.#sources.set(token, [reg, source]);
    return reg;
  }

  /** Number of registered sources. */
  get registrations(): number {
    return this.#sources.size;
  }

  /** Number of pending timers. */
  get timers(): number {
    return this.#clock.size;
  }

  /** True once close() has run. */
  get closed(): boolean {
    return this.#closed;
  }

  // ---- timers -------------------------------------------------------------------------------

  /**
   * @internal Queues a timer at `entry.deadline` (performance.now() ms, checked by the caller;
   * the public form is `sleepUntil`): a `Sleep` is its own entry, others come from `timerEntry`.
   * A WEAK one does not make the reactor busy: it fires if the reactor is driven anyway. A
   * deadline past 2^53 ms never comes: it never fires and is never busy.
   */
  insertTimer(entry: TimerEntry): void {
    this.#checkOpen();
    this.#clock.insert(entry);
  }

  /** @internal */
  removeTimer(entry: TimerEntry): void {
    this.#clock.remove(entry);
    this.#settle();
  }

  // ---- DNS ----------------------------------------------------------------------------------

  /** @internal Starts a lookup on the resolver thread; see `lookup`. */
  startLookup(host: string): LookupRequest {
    this.#checkOpen();
    if (this.#resolver === null) {
      this.#resolver = new Resolver();
      this.#poll.registry().register(this.#resolver, TOKEN_DNS, Interest.READABLE);
    }
    const req: LookupRequest = { id: this.#resolver.lookup(host), waker: null, done: false, addresses: null, error: null };
    this.#lookups.set(req.id, req);
    return req;
  }

  /** @internal */
  cancelLookup(req: LookupRequest): void {
    this.#lookups.delete(req.id);
    this.#resolver?.cancel(req.id);
    this.#settle();
  }

  // ---- driving ------------------------------------------------------------------------------

  /**
   * Waits once for events (null: until something happens; 0: just look), wakes the waiters of
   * every ready source and every due timer. Returns the number of wakes issued.
   */
  turn(timeoutMs: number | null = null): number {
    this.#checkOpen();
    const previous = swapReactor(this);
    this.#turning = true;
    try {
      // A look without waiting (an executor's budget spent) at a reactor with no source and no
      // lookup can find nothing but the timerfd, and due timers are found by the clock below:
      // skip the syscall (a task-only workload paid one epoll_wait per 61 polls for nothing).
      const n = timeoutMs === 0 && this.#sources.size === 0 && this.#resolver === null ? 0 : this.#poll.poll(this.#events, this.#clock.waitLimit(timeoutMs));
      let wakes = 0;
      // A waker that throws must not cost the other sources their events (edge-triggered: an
      // event not dispatched now never comes again): dispatch everything, then rethrow the first.
      let error: unknown = NONE;
      for (let i = 0; i < n; i++) {
        const event = this.#events.get(i);
        const token = event.token;
        try {
          if (token >= FIRST_SOURCE_TOKEN) {
            const entry = this.#sources.get(token);
            if (entry === undefined) continue; // deregistered after the event was queued
            // Errors and hang-ups make both directions "ready": the next syscall reports them.
            const readClosed = event.isError() || event.isReadClosed();
            wakes++;
            entry[0].dispatch(event.isReadable() || readClosed, event.isWritable() || readClosed || event.isWriteClosed(), readClosed);
          } else if (token === TOKEN_TIMER) {
            this.#clock.expired();
          } else if (token === TOKEN_DNS) {
            wakes += this.#finishLookups();
          }
        } catch (err) {
          if (error === NONE) error = err;
        }
        if (this.#closeAfterTurn) break; // a waker closed the reactor: stop dispatching
      }
      if (!this.#closeAfterTurn) {
        try {
          // No timer, nothing due: skip reading the clock (a turn per I/O event in a socket-only
          // workload, two per ping-pong round trip).
          if (this.#clock.size > 0) wakes += this.#clock.fireDue(performance.now());
        } catch (err) {
          if (error === NONE) error = err;
        }
        this.#clock.arm();
      }
      if (error !== NONE) throw error;
      return wakes;
    } finally {
      this.#turning = false;
      swapReactor(previous);
      if (this.#closeAfterTurn) this.close();
    }
  }

  /** Driver: block until an event, a timer or `unpark()`; at most `timeoutMs` if given. */
  park(timeoutMs: number | null = null): void {
    this.turn(timeoutMs);
  }

  /** Driver: make a concurrent or future `park()` return (from any thread via the eventfd). */
  unpark(): void {
    this.#unpark.wake();
  }

  /**
   * True when nothing registered here can ever wake a task: no source has a waiter, no timer is
   * pending and no lookup is in flight (idle watches and weak timers do not count). An executor
   * with no ready task is then deadlocked.
   */
  isIdle(): boolean {
    return this.#waiters.n === 0 && this.#clock.strong === 0 && this.#lookups.size === 0;
  }

  /**
   * Node-loop mode: libuv watches the epoll fd; on readiness the reactor turns with a zero
   * timeout and then calls `onWake` (the executor runs the woken tasks there). The watch keeps
   * the process alive only while the reactor is not idle (see `updateRef`).
   */
  attach(onWake: () => void): void {
    this.#checkOpen();
    checkFunction(onWake, 'onWake');
    this.#poll.watch(() => {
      if (this.#closed) return;
      this.turn(0);
      if (!this.#closed) onWake();
    });
    this.#attached = true;
    this.updateRef();
  }

  detach(): void {
    if (!this.#attached) return;
    this.#attached = false;
    this.#poll.unwatch();
  }

  /** In Node-loop mode: keep the process alive exactly while something can still wake a task. */
  updateRef(): void {
    if (!this.#attached) return;
    if (this.isIdle()) this.#poll.unref();
    else this.#poll.ref();
  }

  /**
   * Something that could wake a task went away outside a turn (a stream cancelled, a timer or a
   * lookup dropped from plain JavaScript): in Node-loop mode, let go of the process now if that
   * made the reactor idle, rather than at the next event (which may never come). Inside enter()
   * (an executor's batch) nothing is done: the executor updates the ref after every batch, and a
   * timeout() won on every request would otherwise pay a native ref/unref call each.
   */
  #settle(): void {
    if (this.#attached && !this.#turning && this.#entered === 0 && !this.#closed) this.updateRef();
  }

  /** Makes this reactor the current one for `fn` (futures find it at their first poll). */
  enter<T>(fn: () => T): T {
    checkFunction(fn, 'fn');
    const previous = swapReactor(this);
    this.#entered++;
    try {
      return fn();
    } finally {
      this.#entered--;
      swapReactor(previous);
    }
  }

  /**
   * Closes everything the reactor owns. Registered sources are not closed (their owners do), but
   * waiting on one afterwards throws ERR_CLOSED instead of pending forever. Idempotent. Called
   * from a waker while `turn()` dispatches, it takes effect when that turn ends.
   */
  close(): void {
    if (this.#closed) return;
    if (this.#turning) {
      this.#closeAfterTurn = true;
      return;
    }
    this.#closed = true;
    this.#closeAfterTurn = false;
    this.detach();
    // Orphaning wakes the tasks still waiting (they then see ERR_CLOSED): a throwing waker must
    // not leave the reactor half-closed, so its error is rethrown once everything is closed.
    let error: unknown = NONE;
    for (const [reg] of this.#sources.values()) {
      try {
        reg.orphan();
      } catch (err) {
        if (error === NONE) error = err;
      }
    }
    this.#sources.clear();
    this.#lookups.clear();
    this.#resolver?.close();
    this.#unpark.close();
    this.#clock.close();
    this.#poll.close();
    if (error !== NONE) throw error;
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #deregister(reg: Registration): void {
    const entry = this.#sources.get(reg.token);
    if (entry === undefined) return;
    this.#sources.delete(reg.token);
    // The source may already be closed (closing removes it from the epoll set): that is fine.
    if (!this.#closed) {
      try {
        this.#poll.registry().deregister(entry[1]);
      } catch {
        // EBADF / ENOENT: already gone
      }
    }
  }

  #finishLookups(): number {
    let wakes = 0;
    let error: unknown = NONE;
    for (const answer of this.#resolver!.drain()) {
      const req = this.#lookups.get(answer.id);
      if (req === undefined) continue;
      this.#lookups.delete(answer.id);
      req.done = true;
      req.addresses = answer.addresses;
      req.error = answer.error;
      const w = req.waker;
      req.waker = null;
      if (w !== null) {
        wakes++;
        try {
          w.wake();
        } catch (err) {
          if (error === NONE) error = err;
        }
      }
    }
    if (error !== NONE) throw error; // after every answer was recorded: none is lost
    return wakes;
  }

  #checkOpen(): void {
    if (this.#closed) throw closedError('Reactor is closed');
  }
}
