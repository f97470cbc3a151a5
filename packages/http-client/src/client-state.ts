/**
 * What an HttpClient owns: its pools, its requests in flight, its options. Kept apart from the
 * HttpClient object so that the GC safety net can close it: nothing long-lived refers to the
 * HttpClient itself (pooled connections' idle watches reach their Pool, never the client; the
 * in-flight set holds its requests weakly), so a client nobody holds, with no request in flight,
 * can be collected.
 *
 * # Pools per reactor
 * A connection's socket is registered with the reactor of the runtime that opened it, its idle
 * watch and idle timer live there, and its request's timers too. So pools are kept per reactor,
 * then per origin: a request uses the pools of the reactor polling it, and a client works from any
 * number of runtimes, one after another or at once.
 *
 * Why not one pool whose sockets move to whichever reactor polls them (the reactor can move a
 * socket)? Because of blockOn: it owns the thread, so a request under blockOn that waited for a
 * connection held by another runtime's request would wait for something that cannot run until
 * the blockOn returns (maxConnections 1: a deadlock). With pools per reactor a runtime only ever
 * waits for its own connections. The cost: `maxConnections` is per origin and runtime.
 *
 * The pools of a reactor that has been closed (its runtime closed) can never be used again:
 * they are closed at the client's next use (a request, `connections`, `close()`). The reactor
 * holds none of this, so a client never keeps a runtime alive.
 */
import { defaultRuntime, type Runtime } from '@ferrite/executor';
import type { Reactor } from '@ferrite/reactor';
import { clientClosed } from './errors.js';
import { Pool } from './pool.js';
import type { BodyRequest } from './body-options.js';
import { asksToClose, buildBodyRequest, buildRequest, type BodyFraming, type Method, type RequestHeaders } from './request.js';
import { parseTarget, type Target } from './url.js';

/** A request or a streaming body of this client, which close() must end at once. */
export interface InFlight {
  abortByClose(): void;
}

/** A request ready to send. */
export interface Prepared {
  target: Target;
  request: Uint8Array;
  /** It sends `Connection: close` (keepAlive: false, or the caller's own): its connection is not reused. */
  closeAfter: boolean;
  /** The body still to send after `request`, or null (none, or it went with the head). */
  framing: BodyFraming | null;
}

export interface PoolOptions {
  maxConnections: number;
  idleTimeout: number;
  keepAlive: boolean;
}

export class ClientState {
  readonly options: PoolOptions;
  /** The runtime given as `runtime`: requests awaited from Node run there (else on the default runtime). */
  readonly #runtime: Runtime | null;
  readonly #pools = new Map<Reactor, Map<string, Pool>>();
  /** Held weakly: a request dropped unfinished must not keep its client (and itself) alive. */
  readonly #inflight = new Set<WeakRef<InFlight>>();
  /** Parsed URL and serialised request per URL, for requests without their own headers. */
  readonly #prepared = new Map<string, Prepared>();
  closed = false;

  constructor(options: PoolOptions, runtime: Runtime | null) {
    this.options = options;
    this.#runtime = runtime;
  }

  /** The pool for `origin` among `reactor`'s. @throws ERR_CLOSED once closed. */
  pool(reactor: Reactor, origin: string): Pool {
    if (this.closed) throw clientClosed(false);
    let pools = this.#pools.get(reactor);
    if (pools === undefined) {
      this.sweep();
      pools = new Map();
      this.#pools.set(reactor, pools);
    }
    let pool = pools.get(origin);
    if (pool === undefined) {
      pool = new Pool(origin, reactor, this.options.maxConnections);
      pools.set(origin, pool);
    }
    return pool;
  }

  /** Closes the pools of reactors that have been closed. */
  sweep(): void {
    for (const [reactor, pools] of this.#pools) {
      if (!reactor.closed) continue;
      this.#pools.delete(reactor);
      for (const pool of pools.values()) pool.close();
    }
  }

  /** Connections open (idle and busy) across every runtime's pools. */
  get connections(): number {
    this.sweep();
    let n = 0;
    for (const pools of this.#pools.values()) for (const p of pools.values()) n += p.idle + p.busy;
    return n;
  }

  track(x: InFlight): WeakRef<InFlight> {
    const ref = new WeakRef(x);
    this.#inflight.add(ref);
    return ref;
  }

  untrack(ref: WeakRef<InFlight>): void {
    this.#inflight.delete(ref);
  }

  /**
   * Target and request bytes for a GET/HEAD of `url`. Parsing a URL and encoding the same request
   * again for every call to the same URL showed in profiles; requests without per-request
   * headers are cached (bounded).
   */
  prepare(method: Method, url: string | URL, headers: RequestHeaders | undefined, body?: BodyRequest, expect: boolean | number = false): Prepared {
    const extra: [string, string][] = this.options.keepAlive ? [] : [['Connection', 'close']];
    if (body !== undefined && body.spec !== null) {
      const target = parseTarget(url);
      const all = headers === undefined ? extra : [...(Symbol.iterator in headers ? headers : Object.entries(headers)), ...extra];
      const built = buildBodyRequest(method, target, all, body.spec, expect, body.contentType);
      return { target, request: built.request, closeAfter: asksToClose(all), framing: built.framing };
    }
    const key = headers === undefined && typeof url === 'string' ? `${method} ${url}` : null;
    if (key !== null) {
      const hit = this.#prepared.get(key);
      if (hit !== undefined) return hit;
    }
    const target = parseTarget(url);
    const all = headers === undefined ? extra : [...(Symbol.iterator in headers ? headers : Object.entries(headers)), ...extra];
    const prepared = { target, request: buildRequest(method, target, all), closeAfter: asksToClose(all), framing: null };
    if (key !== null) {
      if (this.#prepared.size >= 256) this.#prepared.clear();
      this.#prepared.set(key, prepared);
    }
    return prepared;
  }

  /** The runtime a request awaited from Node runs on: `runtime` if given, else this thread's default runtime. */
  awaitRuntime(): Runtime {
    return this.#runtime ?? defaultRuntime();
  }

  /**
   * Every pool is closed (idle connections at once) and every request and streaming body in
   * flight is ended now: its connection closed, its task woken to fail with
   * ERR_CLOSED. Idempotent.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const pools of this.#pools.values()) for (const pool of pools.values()) pool.close();
    this.#pools.clear();
    const inflight = [...this.#inflight];
    this.#inflight.clear();
    let error: unknown = null;
    for (const ref of inflight) {
      try {
        ref.deref()?.abortByClose();
      } catch (err) {
        error ??= err;
      }
    }
    if (error !== null) throw error;
  }
}
