/**
 * RequestFuture: one request, through pool, connect, exchange, retry and redirects.
 *
 * It is a `Future` (poll it in a ferrite task: it runs on the runtime polling it, using that
 * runtime's pools) and a `PromiseLike` (await it from Node: it then runs on the client's
 * `runtime` option, or else this thread's default runtime, inside Node's loop).
 * Disposing it, aborting its signal, its total `timeout` passing or `client.close()` ends it and
 * releases its connection (closed, as its response was not fully read).
 */
import { constants } from 'node:buffer';
import { debuglog } from 'node:util';
import { BaseFuture, PENDING, Poll, dispose, type Context, type Future, type Waker } from '@ferrite/future';
import { currentRuntime, type Runtime } from '@ferrite/executor';
import { currentReactor, sleep, timeout, TcpStream, TimeoutError, type Reactor, type Sleep } from '@ferrite/reactor';
import type { ClientState, InFlight } from './client-state.js';
import { Connection } from './connection.js';
import { clientClosed, deadlinePassed, HttpError, httpError, withContext, wrongRuntime, type RequestContext, type RequestPhase } from './errors.js';
import { Exchange, type Limits } from './exchange.js';
import type { Lease, Pool } from './pool.js';
import type { RequestOptions } from './options.js';
import type { Method } from './request.js';
import { Response } from './response.js';
import { StreamingResponse } from './streaming.js';
import type { Target } from './url.js';

const debug = debuglog('ferrite:http');

const { MAX_LENGTH } = constants;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const RETRYABLE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

const Step = { Start: 0, Acquire: 1, Connect: 2, Head: 3, Body: 4 } as const;
type Step = (typeof Step)[keyof typeof Step];
const PHASE: Record<Step, RequestPhase> = ['queue', 'queue', 'connect', 'headers', 'body'];

export class RequestFuture<T extends Response | StreamingResponse> extends BaseFuture<T> implements InFlight {
  /** Held only so that a client is never collected (and closed) while a request of it is in flight. */
  readonly #client: object;
  readonly #state: ClientState;
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
  /** URLs that answered with a redirect we followed, in order. */
  readonly #chain: string[] = [];
  #redirectTo: string | null = null;
  /**
   * The buffered body: `#body[0, #bodyAt)`. With a declared length, one buffer of that size;
   * without, a buffer that doubles as needed (never one object per chunk: a body of 1-byte chunks
   * costs what its bytes cost), up to what maxBodySize and a Buffer allow.
   */
  #body: Buffer | null = null;
  #bodyAt = 0;
  #onAbort: (() => void) | null = null;
  #abortWaker: Waker | null = null;
  #promise: Promise<T> | null = null;
  /** The reactor of the runtime that polled first: its pools, and only it, serve this request. */
  #reactor: Reactor | null = null;
  /** The waker of the latest poll, for client.close() to end the request at once. */
  #waker: Waker | null = null;
  #tracked: WeakRef<InFlight> | null = null;
  #closedByClient = false;
  /** The total `timeout`, from the first poll. */
  #deadline: Sleep | null = null;

  /** @internal Made by HttpClient.get/head/stream. */
  constructor(client: object, state: ClientState, method: Method, url: string | URL, opts: RequestOptions, streaming: boolean) {
    super();
    this.#client = client;
    this.#state = state;
    this.#method = method;
    this.#url = url;
    this.#opts = opts;
    this.#streaming = streaming;
  }

  /**
   * Awaited from Node: runs the request, once, on the client's `runtime` option or else this
   * thread's default runtime, inside Node's loop, and settles with its outcome.
   */
  override then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    this.#promise ??= this.#state.closed ? Promise.reject(withContext(clientClosed(false), this.#context())) : this.#state.awaitRuntime().run(this);
    return this.#promise.then(onFulfilled, onRejected);
  }

  /** @internal client.close(): release everything now; the next poll fails with ERR_HTTP_CLIENT_CLOSED. */
  abortByClose(): void {
    if (this.finished) return;
    this.#closedByClient = true;
    this.release();
    const w = this.#waker;
    this.#waker = null;
    w?.wake();
  }

  protected pollOnce(cx: Context): Poll<T> {
    try {
      const p = this.#poll(cx);
      if (p !== PENDING) this.#settled();
      return p;
    } catch (err) {
      throw withContext(err, this.#context());
    }
  }

  #poll(cx: Context): Poll<T> {
    if (this.#closedByClient) throw clientClosed(true);
    const reactor = currentReactor();
    if (this.#reactor === null) {
      this.#reactor = reactor;
      this.#tracked = this.#state.track(this);
    } else if (reactor !== this.#reactor) {
      throw wrongRuntime('this request');
    }
    this.#waker = cx.waker;
    this.#watchSignal(cx);
    this.#checkDeadline(cx);
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
            // The reactor's connect tries each address in turn; its errors name the address and port.
            const dial = TcpStream.connect({ host: t.host, port: t.port });
            const ms = this.#opts.connectTimeout ?? 10_000;
            this.#connect = ms > 0 && ms !== Infinity ? timeout(dial, ms) : dial;
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
          const maxRedirects = this.#opts.maxRedirects ?? 0;
          if (REDIRECTS.has(head.status) && location !== null && this.#chain.length < maxRedirects) {
            // Read (and drop) the redirect's body so that its connection can be reused.
            this.#step = Step.Body;
            this.#redirectTo = location;
            break;
          }
          if (REDIRECTS.has(head.status) && location !== null && maxRedirects > 0) {
            throw httpError('ERR_HTTP_TOO_MANY_REDIRECTS', `more than ${maxRedirects} redirects`);
          }
          if (this.#streaming) return Poll.ready(this.#streamingResponse(ex) as T);
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
          const p = ex.pollBody(cx, this.#onBodyChunk);
          if (p === PENDING) return PENDING;
          const head = ex.head!;
          const trailers = ex.trailers;
          this.#releaseExchange(ex.reusable);
          if (this.#redirectTo !== null) {
            const next = this.#redirectTo;
            this.#redirectTo = null;
            this.#chain.push(this.#target!.href);
            this.#body = null;
            this.#begin(new URL(next, this.#target!.href).href);
            break;
          }
          const body = this.#takeBody();
          return Poll.ready(new Response(head, new Uint8Array(body.buffer, body.byteOffset, body.length), trailers, this.#target!.href) as T);
        }
      }
    }
  }

  // The body sink, made once per request (not per poll).
  readonly #onBodyChunk = (chunk: Buffer): void => {
    if (this.#redirectTo !== null) return;
    const need = this.#bodyAt + chunk.length;
    let body = this.#body;
    if (body === null || need > body.length) {
      // Only without a declared length. The whole body must still fit in one Buffer.
      if (need > MAX_LENGTH) throw bodyTooLarge(need);
      const cap = Math.min(MAX_LENGTH, this.#limits!.maxBodySize);
      const grown = Buffer.allocUnsafe(Math.max(need, Math.min(cap, Math.max(16 * 1024, (body?.length ?? 0) * 2))));
      body?.copy(grown, 0, 0, this.#bodyAt);
      body = this.#body = grown;
    }
    this.#bodyAt += chunk.copy(body, this.#bodyAt);
  };

  /** The complete body; a doubled buffer more than a quarter empty is trimmed to fit. */
  #takeBody(): Buffer {
    const body = this.#body;
    const n = this.#bodyAt;
    this.#body = null;
    this.#bodyAt = 0;
    if (body === null) return Buffer.alloc(0);
    if (body.length - n <= Math.max(4096, n / 4)) return body.subarray(0, n);
    return Buffer.from(body.subarray(0, n));
  }

  #begin(url: string | URL): void {
    const o = this.#opts;
    const { target, request } = this.#state.prepare(this.#method, url, o.headers);
    this.#target = target;
    this.#request = request;
    this.#limits = {
      maxHeaderSize: o.maxHeaderSize ?? 16 * 1024,
      maxBodySize: o.maxBodySize ?? 64 * 1024 * 1024,
      headersTimeout: o.headersTimeout ?? 30_000,
      bodyTimeout: o.bodyTimeout ?? 30_000,
    };
    this.#pool = this.#state.pool(this.#reactor!, target.origin);
    this.#acquire = this.#pool.acquire();
    this.#retried = false;
    this.#step = Step.Acquire;
  }

  #startExchange(conn: Connection): void {
    this.#exchange = new Exchange(conn, this.#request!, this.#method, this.#limits!, !this.#state.options.keepAlive);
    this.#step = Step.Head;
  }

  /** The head is in: the body is handed, with the connection and what is left of the deadline, to the caller. */
  #streamingResponse(ex: Exchange): StreamingResponse {
    this.#exchange = null;
    const pool = this.#pool!;
    const ttl = this.#ttl(ex);
    const deadline = this.#deadline;
    this.#deadline = null;
    return new StreamingResponse(ex.head!, {
      exchange: ex,
      release: (reusable) => pool.release(ex.conn, reusable, ttl),
      owner: this.#client,
      state: this.#state,
      reactor: this.#reactor!,
      runtime: runningRuntime() ?? this.#state.awaitRuntime(),
      deadline: deadline === null ? null : { timer: deadline, ms: this.#opts.timeout! },
      context: this.#context(),
    });
  }

  /** Only an idempotent request, on a reused connection, that saw no response byte, once. */
  #retryable(ex: Exchange, err: unknown): boolean {
    if (this.#retried || !this.#reused || ex.gotBytes) return false;
    const e = err as { code?: string; beforeResponse?: boolean };
    return e.beforeResponse === true || RETRYABLE.has(e.code ?? '');
  }

  #ttl(ex: Exchange): number {
    const m = /timeout=(\d+)/i.exec(ex.head?.headers.get('keep-alive') ?? '');
    const idle = this.#state.options.idleTimeout;
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

  #checkDeadline(cx: Context): void {
    const ms = this.#opts.timeout ?? 0;
    if (!(ms > 0) || ms === Infinity) return;
    this.#deadline ??= sleep(ms);
    if (this.#deadline.poll(cx) === PENDING) return;
    this.#deadline = null;
    throw deadlinePassed(ms, PHASE[this.#step]);
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

  #context(): RequestContext {
    const url = this.#target?.href ?? (typeof this.#url === 'string' ? this.#url : this.#url.href);
    return { method: this.#method, url, redirects: this.#chain };
  }

  /** Ready: nothing is held any more but what the response carries. */
  #settled(): void {
    this.#unwatchSignal();
    dispose(this.#deadline);
    this.#deadline = null;
    this.#untrack();
  }

  #untrack(): void {
    if (this.#tracked !== null) this.#state.untrack(this.#tracked);
    this.#tracked = null;
    this.#waker = null;
  }

  /** Cancelled, failed, aborted or closed: nothing may be reused; every resource goes back or closes. Idempotent. */
  protected override release(): void {
    this.#unwatchSignal();
    dispose(this.#deadline);
    this.#deadline = null;
    dispose(this.#acquire);
    this.#acquire = null;
    if (this.#connect !== null) {
      dispose(this.#connect);
      this.#connect = null;
      this.#pool?.release(null, false);
    }
    this.#releaseExchange(false);
    this.#body = null;
    this.#untrack();
  }
}

/** The runtime polling the current task, if any. */
function runningRuntime(): Runtime | null {
  try {
    return currentRuntime();
  } catch {
    return null;
  }
}

/** A buffered body cannot exceed what one Buffer can hold, whatever maxBodySize allows. */
function bodyTooLarge(n: number): HttpError {
  return httpError('ERR_HTTP_BODY_TOO_LARGE', `a response body of ${n} bytes cannot be buffered (at most ${MAX_LENGTH}); use client.stream()`);
}

function abortError(signal: AbortSignal): HttpError {
  return new HttpError('ABORT_ERR', 'the request was aborted', { cause: signal.reason });
}
