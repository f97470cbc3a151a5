/**
 * Pool: the connections to one origin from one reactor (undici's Pool, one per origin in an
 * Agent). At most `maxConnections` exist at once; idle ones are reused last-in first-out; a
 * request that finds the pool full waits in FIFO order for a connection to be released.
 *
 * A pool belongs to one reactor because its sockets are registered with that reactor: only a
 * task of that reactor's runtime can wait on them (see ClientState).
 */
import { BaseFuture, PENDING, Poll, type Context, type Waker } from '@ferrite/future';
import type { Reactor } from '@ferrite/reactor';
import type { Connection } from './connection.js';
import { clientClosed } from './errors.js';

/** What `acquire` yields: an idle connection to reuse, or the right to open a new one. */
export type Lease = { conn: Connection } | { conn: null };

interface Waiter {
  waker: Waker | null;
  lease: Lease | null;
}

export class Pool {
  readonly origin: string;
  /** The reactor every connection of this pool is registered with. */
  readonly reactor: Reactor;
  readonly #max: number;
  readonly #idle: Connection[] = [];
  readonly #waiters: Waiter[] = [];
  /** Connections checked out or being opened. */
  #busy = 0;
  /**
   * https: the latest TLS session a connection of this pool received, offered by the next new
   * connection so that it resumes instead of running a full handshake.
   */
  session: Uint8Array | null = null;
  #closed = false;

  constructor(origin: string, reactor: Reactor, maxConnections: number) {
    this.origin = origin;
    this.reactor = reactor;
    this.#max = maxConnections;
  }

  get idle(): number {
    return this.#idle.length;
  }

  get busy(): number {
    return this.#busy;
  }

  /** A lease; with `fresh`, never an idle connection (a retry must use a new one). */
  acquire(fresh = false): BaseFuture<Lease> {
    return new Acquire(this, fresh);
  }

  /** @internal Takes a lease now if one is free, else null. */
  tryLease(fresh = false): Lease | null {
    if (this.#closed) throw clientClosed(false);
    const now = performance.now();
    while (!fresh && this.#idle.length > 0) {
      const conn = this.#idle.pop()!;
      conn.unpark();
      if (conn.isReusable(now)) {
        this.#busy++;
        return { conn };
      }
      conn.close();
    }
    if (this.#busy < this.#max) {
      this.#busy++;
      return { conn: null };
    }
    return null;
  }

  /** @internal */
  enqueue(w: Waiter): void {
    this.#waiters.push(w);
  }

  /** @internal */
  dequeue(w: Waiter): void {
    const i = this.#waiters.indexOf(w);
    if (i >= 0) this.#waiters.splice(i, 1);
    // A lease handed to a waiter that went away goes back.
    const lease = w.lease;
    if (lease !== null) this.release(lease.conn, lease.conn !== null, lease.conn ? lease.conn.idleUntil - performance.now() : 0);
  }

  /**
   * Returns a connection: pooled when `reusable` (for `ttlMs`), else closed. `conn` null gives
   * back an unused right to connect.
   */
  release(conn: Connection | null, reusable: boolean, ttlMs = Infinity): void {
    const session = conn?.takeSession() ?? null;
    if (session !== null) this.session = session;
    if (conn !== null && reusable && !this.#closed && !conn.closed && ttlMs > 0 && !this.reactor.closed) {
      conn.keepFor(ttlMs);
      const waiter = this.#waiters.shift();
      if (waiter !== undefined) return this.#hand(waiter, { conn });
      this.#busy--;
      this.#idle.push(conn);
      conn.parkIdle(this.reactor, () => this.#evict(conn));
      return;
    }
    conn?.close();
    const waiter = this.#closed ? undefined : this.#waiters.shift();
    if (waiter !== undefined) return this.#hand(waiter, { conn: null });
    this.#busy--;
  }

  /** Closes idle connections now; busy ones are closed as they come back. Waiters fail. */
  close(): void {
    this.#closed = true;
    for (const c of this.#idle.splice(0)) c.close();
    for (const w of this.#waiters.splice(0)) w.waker?.wake();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** An idle connection the server closed (or that timed out): close it now. */
  #evict(conn: Connection): void {
    const i = this.#idle.indexOf(conn);
    if (i < 0) return; // already taken for a request: its exchange will see what happened
    this.#idle.splice(i, 1);
    conn.close();
  }

  #hand(waiter: Waiter, lease: Lease): void {
    waiter.lease = lease;
    const w = waiter.waker;
    waiter.waker = null;
    w?.wake();
  }
}

class Acquire extends BaseFuture<Lease> {
  readonly #pool: Pool;
  readonly #fresh: boolean;
  #waiter: Waiter | null = null;

  constructor(pool: Pool, fresh: boolean) {
    super();
    this.#pool = pool;
    this.#fresh = fresh;
  }

  protected pollOnce(cx: Context): Poll<Lease> {
    const waiter = this.#waiter;
    if (waiter === null) {
      const lease = this.#pool.tryLease(this.#fresh);
      if (lease !== null) return Poll.ready(lease);
      this.#waiter = { waker: cx.waker, lease: null };
      this.#pool.enqueue(this.#waiter);
      return PENDING;
    }
    if (waiter.lease !== null) {
      this.#waiter = null;
      return Poll.ready(waiter.lease);
    }
    if (this.#pool.closed) throw clientClosed(true);
    waiter.waker = cx.waker;
    return PENDING;
  }

  protected override release(): void {
    if (this.#waiter !== null) this.#pool.dequeue(this.#waiter);
  }
}
