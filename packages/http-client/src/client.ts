/**
 * HttpClient: GET and HEAD over keep-alive pools, one pool per origin.
 *
 * ```ts
 * const client = new HttpClient({ maxConnections: 10, headersTimeout: 5000 });
 * const res = await client.get('http://127.0.0.1:8080/100/hello');   // inside Node's loop
 * const same = yield* wait(client.get(url));                          // inside a coroutine
 * client.close();
 * ```
 */
import { constants } from 'node:buffer';
import { debuglog } from 'node:util';
import { BaseFuture, PENDING, Poll, dispose, type Context, type Future } from '@ferrite/future';
import { Runtime } from '@ferrite/executor';
import { TcpStream, timeout, TimeoutError } from '@ferrite/reactor';
import { Connection } from './connection.js';
import { HttpError, httpError } from './errors.js';
import { Exchange, type Limits } from './exchange.js';
import { Pool, type Lease } from './pool.js';
import { buildRequest, type Method, type RequestHeaders } from './request.js';
import { Response } from './response.js';
import { StreamingResponse } from './streaming.js';
import { parseTarget, type Target } from './url.js';
import { checkClientOptions, checkRequestOptions, checkUrl } from './validate.js';

const debug = debuglog('ferrite:http');

export interface ClientOptions {
  /** Connections per origin: an integer >= 1 (default 10); further requests wait for one. */
  maxConnections?: number;
  /** Idle time after which a pooled connection is not reused, ms (default 4000; Infinity: never). */
  idleTimeout?: number;
  /** Keep connections between requests (default true). */
  keepAlive?: boolean;
  /** Runtime used when a request is awaited as a Promise (default: one made on first use). */
  runtime?: Runtime;
  /** Defaults for every request. */
  defaults?: RequestOptions;
}

export interface RequestOptions {
  headers?: RequestHeaders;
  /** ms to establish the connection (default 10000; 0 or Infinity: no limit). */
  connectTimeout?: number;
  /** ms from the request sent to the response head (default 30000; 0 or Infinity: no limit). */
  headersTimeout?: number;
  /** ms of silence allowed between body chunks (default 30000; 0 or Infinity: no limit). */
  bodyTimeout?: number;
  /** Response head limit in bytes: 1..16 MiB (default 16 KiB). */
  maxHeaderSize?: number;
  /** Response body limit in bytes (default 64 MiB; Infinity: none but what a Buffer can hold). */
  maxBodySize?: number;
  /** Redirects to follow for 301/302/303/307/308 (default 0: return the 3xx response). */
  maxRedirects?: number;
  signal?: AbortSignal;
}

const { MAX_LENGTH } = constants;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const RETRYABLE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * What an HttpClient owns: its pools and (if it made it) its runtime. Kept apart from the
 * HttpClient object so that the GC safety net can close it: nothing long-lived refers to the
 * HttpClient itself (pooled connections' idle watches reach their Pool, never the client), so a
 * client nobody holds, with no request in flight, can be collected.
 */
class ClientState {
  readonly pools = new Map<string, Pool>();
  runtime: Runtime | null;
  ownsRuntime = false;
  closed = false;

  constructor(runtime: Runtime | null) {
    this.runtime = runtime;
  }

  get connections(): number {
    let n = 0;
    for (const p of this.pools.values()) n += p.idle + p.busy;
    return n;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const pool of this.pools.values()) pool.close();
    this.pools.clear();
    if (this.ownsRuntime) this.runtime?.close();
  }
}

// The safety net for a client nobody closed (as Node closes a forgotten FileHandle): its idle
// connections and its own runtime are closed, with a warning, once it has been collected.
const unclosed = new FinalizationRegistry<ClientState>((state) => {
  try {
    if (state.closed) return;
    const connections = state.connections;
    const runtime = state.ownsRuntime && state.runtime !== null;
    state.close();
    if (connections === 0 && !runtime) return; // it held nothing: nothing leaked
    const what = [`${connections} pooled connection(s)`, ...(runtime ? ['its runtime'] : [])].join(' and ');
    process.emitWarning(
      `Closing an HttpClient on garbage collection (${what}): it was dropped without close(). Call close() (or declare it with \`using\`) when done.`,
      { code: 'FERRITE_UNCLOSED' },
    );
  } catch {
    // a finalizer must never throw
  }
});

export class HttpClient {
  readonly #state: ClientState;
  readonly #opts: { maxConnections: number; idleTimeout: number; keepAlive: boolean };
  readonly #defaults: RequestOptions;
  /** Parsed URL and serialised request per URL, for requests without their own headers. */
  readonly #prepared = new Map<string, { target: Target; request: Uint8Array }>();

  /** @throws ERR_INVALID_ARG_TYPE / ERR_INVALID_ARG_VALUE / ERR_OUT_OF_RANGE for bad options. */
  constructor(opts: ClientOptions = {}) {
    const o = checkClientOptions(opts);
    this.#opts = { maxConnections: o.maxConnections, idleTimeout: o.idleTimeout, keepAlive: o.keepAlive };
    this.#defaults = o.defaults;
    this.#state = new ClientState(o.runtime);
    unclosed.register(this, this.#state, this.#state);
  }

  /** GET `url`: a lazy future of the whole response, also awaitable as a Promise. */
  get(url: string | URL, opts?: RequestOptions): RequestFuture<Response> {
    checkUrl(url);
    return new RequestFuture(this, 'GET', url, { ...this.#defaults, ...checkRequestOptions(opts) }, false);
  }

  /** HEAD `url`: like get(), never with a body. */
  head(url: string | URL, opts?: RequestOptions): RequestFuture<Response> {
    checkUrl(url);
    return new RequestFuture(this, 'HEAD', url, { ...this.#defaults, ...checkRequestOptions(opts) }, false);
  }

  /** GET with the body delivered in chunks as it arrives (bounded memory). */
  stream(url: string | URL, opts?: RequestOptions): RequestFuture<StreamingResponse> {
    checkUrl(url);
    return new RequestFuture(this, 'GET', url, { ...this.#defaults, ...checkRequestOptions(opts) }, true);
  }

  /** Closes idle connections now and busy ones when their request ends. Idempotent. */
  close(): void {
    unclosed.unregister(this.#state);
    this.#state.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  /** Connections currently open (idle + busy), for tests and monitoring. */
  get connections(): number {
    return this.#state.connections;
  }

  /** @internal */
  pool(target: Target): Pool {
    const state = this.#state;
    if (state.closed) throw httpError('ERR_HTTP_CLIENT_CLOSED', 'the client is closed');
    let pool = state.pools.get(target.origin);
    if (pool === undefined) {
      pool = new Pool(target.origin, this.#opts.maxConnections);
      state.pools.set(target.origin, pool);
    }
    return pool;
  }

  /** @internal */
  get options() {
    return this.#opts;
  }

  /**
   * @internal Target and request bytes for a GET/HEAD of `url`. Parsing a URL and encoding the
   * same request again for every call to the same URL showed in profiles; requests without
   * per-request headers are cached (bounded).
   */
  prepare(method: Method, url: string | URL, headers: RequestHeaders | undefined): { target: Target; request: Uint8Array } {
    const extra: [string, string][] = this.#opts.keepAlive ? [] : [['Connection', 'close']];
    const key = headers === undefined && typeof url === 'string' ? `${method} ${url}` : null;
    if (key !== null) {
      const hit = this.#prepared.get(key);
      if (hit !== undefined) return hit;
    }
    const target = parseTarget(url);
    const all = headers === undefined ? extra : [...(Symbol.iterator in headers ? headers : Object.entries(headers)), ...extra];
    const prepared = { target, request: buildRequest(method, target, all) };
    if (key !== null) {
      if (this.#prepared.size >= 256) this.#prepared.clear();
      this.#prepared.set(key, prepared);
    }
    return prepared;
  }

  /** @internal */
  runtime(): Runtime {
    const state = this.#state;
    if (state.runtime === null) {
      state.runtime = new Runtime();
      state.ownsRuntime = true;
    }
    return state.runtime;
  }
}

const Step = { Start: 0, Acquire: 1, Connect: 2, Head: 3, Body: 4 } as const;
type Step = (typeof Step)[keyof typeof Step];

/**
 * One request, through pool, connect, exchange, retry and redirects. A `Future` (poll it in a
 * ferrite task) and a `PromiseLike` (await it in async code: it then runs on the client's
 * runtime inside Node's loop). Disposing it, or aborting its signal, releases its connection
 * (closed, as its response was not fully read).
 */
export class RequestFuture<T extends Response | StreamingResponse> extends BaseFuture<T> implements PromiseLike<T> {
  readonly #client: HttpClient;
  readonly #method: Method;
  readonly #url: string | URL;
  readonly #opts: RequestOptions;
  readonly #streaming: boolean;
  #step: Step = Step.Start;
  #target: Target | null = null;
  #limits: Limits | null = null;
  #request: Uint8Array | null = null;
  #pool: Pool | null = null;
  #acquire: Future<Lease> | null = null;
  #connect: Future<TcpStream> | null = null;
  #exchange: Exchange | null = null;
  #reused = false;
  #retried = false;
  #redirects = 0;
  #chunks: Buffer[] = [];
  /** With a declared length, the body is read straight into one buffer of that size. */
  #body: Buffer | null = null;
  #bodyAt = 0;
  #onAbort: (() => void) | null = null;
  #abortWaker: Context['waker'] | null = null;
  #promise: Promise<T> | null = null;

  constructor(client: HttpClient, method: Method, url: string | URL, opts: RequestOptions, streaming: boolean) {
    super();
    this.#client = client;
    this.#method = method;
    this.#url = url;
    this.#opts = opts;
    this.#streaming = streaming;
  }

  then<R1 = T, R2 = never>(onFulfilled?: ((v: T) => R1 | PromiseLike<R1>) | null, onRejected?: ((e: unknown) => R2 | PromiseLike<R2>) | null): Promise<R1 | R2> {
    this.#promise ??= this.#client.runtime().run(this);
    return this.#promise.then(onFulfilled, onRejected);
  }

  protected pollOnce(cx: Context): Poll<T> {
    this.#watchSignal(cx);
    for (;;) {
      switch (this.#step) {
        case Step.Start:
          this.#begin(this.#url);
          break;
        case Step.Acquire: {
          const p = this.#acquire!.poll(cx);
          if (p === PENDING) return PENDING;
          this.#acquire = null;
          if (p.value.conn !== null) {
            this.#reused = true;
            this.#startExchange(p.value.conn);
          } else {
            this.#reused = false;
            const t = this.#target!;
            const connect = TcpStream.connect({ host: t.host, port: t.port });
            const ms = this.#opts.connectTimeout ?? 10_000;
            this.#connect = ms > 0 && ms !== Infinity ? timeout(connect, ms) : connect;
            this.#step = Step.Connect;
          }
          break;
        }
        case Step.Connect: {
          let p: Poll<TcpStream>;
          try {
            p = this.#connect!.poll(cx);
          } catch (err) {
            this.#connect = null;
            this.#pool!.release(null, false);
            if (err instanceof TimeoutError) throw httpError('ERR_HTTP_CONNECT_TIMEOUT', `connect to ${this.#target!.origin} timed out`);
            throw err;
          }
          if (p === PENDING) return PENDING;
          this.#connect = null;
          debug('connected to %s', this.#target!.origin);
          this.#startExchange(new Connection(p.value, this.#target!.origin));
          break;
        }
        case Step.Head: {
          const ex = this.#exchange!;
          let p;
          try {
            p = ex.pollHead(cx);
          } catch (err) {
            if (this.#retryable(ex, err)) {
              debug('retrying GET %s on a new connection after %s', this.#target!.href, (err as { code?: string }).code);
              this.#retried = true;
              this.#releaseExchange(false);
              this.#acquire = this.#pool!.acquire(true);
              this.#step = Step.Acquire;
              break;
            }
            throw err;
          }
          if (p === PENDING) return PENDING;
          const head = p.value;
          debug('%s %s -> %d', this.#method, this.#target!.href, head.status);
          const location = head.headers.get('location');
          if (REDIRECTS.has(head.status) && location !== null && this.#redirects < (this.#opts.maxRedirects ?? 0)) {
            // Read (and drop) the redirect's body so that its connection can be reused.
            this.#step = Step.Body;
            this.#redirectTo = location;
            break;
          }
          if (REDIRECTS.has(head.status) && location !== null && (this.#opts.maxRedirects ?? 0) > 0) {
            throw httpError('ERR_HTTP_TOO_MANY_REDIRECTS', `more than ${this.#opts.maxRedirects} redirects`);
          }
          if (this.#streaming) {
            const exchange = ex;
            this.#exchange = null;
            return Poll.ready(new StreamingResponse(head, exchange, this.#target!.href, (reusable) => this.#pool!.release(exchange.conn, reusable, this.#ttl(exchange))) as T);
          }
          this.#step = Step.Body;
          this.#bodyAt = 0;
          if (ex.bodyLength !== null) {
            if (ex.bodyLength > MAX_LENGTH) throw bodyTooLarge(ex.bodyLength);
            this.#body = Buffer.allocUnsafe(ex.bodyLength);
          }
          break;
        }
        case Step.Body: {
          const ex = this.#exchange!;
          const p = ex.pollBody(cx, (chunk) => {
            if (this.#redirectTo !== null) return;
            if (this.#body !== null) {
              this.#bodyAt += chunk.copy(this.#body, this.#bodyAt);
            } else {
              // Without a declared length, the whole body must still fit in one Buffer.
              this.#bodyAt += chunk.length;
              if (this.#bodyAt > MAX_LENGTH) throw bodyTooLarge(this.#bodyAt);
              this.#chunks.push(Buffer.from(chunk));
            }
          });
          if (p === PENDING) return PENDING;
          const head = ex.head!;
          const trailers = ex.trailers;
          this.#releaseExchange(ex.reusable);
          if (this.#redirectTo !== null) {
            const next = this.#redirectTo;
            this.#redirectTo = null;
            this.#redirects++;
            this.#chunks = [];
            this.#body = null;
            this.#begin(new URL(next, this.#target!.href).href);
            break;
          }
          const body = this.#body ?? (this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks));
          this.#chunks = [];
          this.#body = null;
          this.#unwatchSignal();
          return Poll.ready(new Response(head, new Uint8Array(body.buffer, body.byteOffset, body.length), trailers, this.#target!.href) as T);
        }
      }
    }
  }

  #redirectTo: string | null = null;

  #begin(url: string | URL): void {
    const o = this.#opts;
    const { target, request } = this.#client.prepare(this.#method, url, o.headers);
    this.#target = target;
    this.#request = request;
    this.#limits = {
      maxHeaderSize: o.maxHeaderSize ?? 16 * 1024,
      maxBodySize: o.maxBodySize ?? 64 * 1024 * 1024,
      headersTimeout: o.headersTimeout ?? 30_000,
      bodyTimeout: o.bodyTimeout ?? 30_000,
    };
    this.#pool = this.#client.pool(target);
    this.#acquire = this.#pool.acquire();
    this.#retried = false;
    this.#step = Step.Acquire;
  }

  #startExchange(conn: Connection): void {
    this.#exchange = new Exchange(conn, this.#request!, this.#method, this.#limits!, !this.#client.options.keepAlive);
    this.#step = Step.Head;
  }

  /** Only an idempotent request, on a reused connection, that saw no response byte, once. */
  #retryable(ex: Exchange, err: unknown): boolean {
    if (this.#retried || !this.#reused || ex.gotBytes) return false;
    const e = err as { code?: string; beforeResponse?: boolean };
    return e.beforeResponse === true || RETRYABLE.has(e.code ?? '');
  }

  #ttl(ex: Exchange): number {
    const m = /timeout=(\d+)/i.exec(ex.head?.headers.get('keep-alive') ?? '');
    const idle = this.#client.options.idleTimeout;
    // Leave a second of margin before the server's own keep-alive timeout (as undici does).
    return m === null ? idle : Math.min(idle, Number(m[1]) * 1000 - 1000);
  }

  #releaseExchange(reusable: boolean): void {
    const ex = this.#exchange;
    if (ex === null) return;
    this.#exchange = null;
    ex.dispose();
    this.#pool!.release(ex.conn, reusable && ex.done, this.#ttl(ex));
  }

  #watchSignal(cx: Context): void {
    const signal = this.#opts.signal;
    if (signal === undefined) return;
    if (signal.aborted) throw abortError(signal);
    this.#abortWaker = cx.waker;
    if (this.#onAbort === null) {
      this.#onAbort = () => this.#abortWaker?.wake();
      signal.addEventListener('abort', this.#onAbort, { once: true });
    }
  }

  #unwatchSignal(): void {
    if (this.#onAbort !== null) this.#opts.signal?.removeEventListener('abort', this.#onAbort);
    this.#onAbort = null;
    this.#abortWaker = null;
  }

  /** Cancelled, failed or aborted: nothing may be reused; every resource goes back or closes. */
  protected override release(): void {
    this.#unwatchSignal();
    dispose(this.#acquire);
    this.#acquire = null;
    if (this.#connect !== null) {
      dispose(this.#connect);
      this.#connect = null;
      this.#pool?.release(null, false);
    }
    this.#releaseExchange(false);
  }
}

/** A buffered body cannot exceed what one Buffer can hold, whatever maxBodySize allows. */
function bodyTooLarge(n: number): HttpError {
  return httpError('ERR_HTTP_BODY_TOO_LARGE', `a response body of ${n} bytes cannot be buffered (at most ${MAX_LENGTH}); use client.stream()`);
}

function abortError(signal: AbortSignal): HttpError {
  return new HttpError('ABORT_ERR', 'the request was aborted', { cause: signal.reason });
}
