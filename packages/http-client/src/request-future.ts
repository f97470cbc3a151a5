/**
 * RequestFuture: one request as the caller sees it. The work is done by the layers below:
 * FollowRedirects (redirects) around Attempts (pool, connect, exchange, one retry), then a
 * BodyCollector (buffered body) or a StreamingResponse (body read by the caller). This layer
 * adds what spans all of them: the total `timeout`, the AbortSignal, client.close(), the
 * runtime it belongs to, the request's context on every error, and the Promise adapter.
 *
 * It is a `Future` (poll it in a ferrite task: it runs on the runtime polling it, using that
 * runtime's pools) and a `PromiseLike` (await it from Node: it then runs on the client's
 * `runtime` option, or else this thread's default runtime, inside Node's loop).
 * Disposing it, aborting its signal, its total `timeout` passing or `client.close()` ends it and
 * releases its connection (closed, as its response was not fully read).
 */
import { debuglog } from 'node:util';
import { BaseFuture, PENDING, Poll, dispose, type Context } from '@ferrite/future';
import { currentRuntime, type Runtime } from '@ferrite/executor';
import { currentReactor, sleep, type Reactor, type Sleep } from '@ferrite/reactor';
import { Attempt, giveBack } from './attempt.js';
import { BodyCollector } from './body-collector.js';
import type { ClientState, InFlight } from './client-state.js';
import { aborted, clientClosed, deadlinePassed, httpError, withContext, wrongRuntime, type RequestContext } from './errors.js';
import type { Exchange, Limits } from './exchange.js';
import { IDEMPOTENT, type BodyRequest } from './body-options.js';
import { DEFAULT_CONNECT_TIMEOUT, DEFAULT_EXPECT_THRESHOLD, DEFAULT_EXPECT_TIMEOUT, limitsOf, tlsKey, type RequestOptions } from './options.js';
import type { Pool } from './pool.js';
import type { Method } from './request.js';
import { FollowRedirects } from './redirects.js';
import type { RequestHeaders } from './request.js';
import { Response } from './response.js';
import { SignalWatch } from './signal-watch.js';
import { StreamingResponse } from './streaming.js';

const debug = debuglog('ferrite:http');

export class RequestFuture<T extends Response | StreamingResponse> extends BaseFuture<T> {
  /** Held only so that a client is never collected (and closed) while a request of it is in flight. */
  readonly #client: object;
  readonly #state: ClientState;
  readonly #method: Method;
  readonly #url: string | URL;
  readonly #opts: RequestOptions;
  readonly #streaming: boolean;
  readonly #limits: Limits;
  /** Made at the first poll (it needs the reactor). */
  #redirects: FollowRedirects | null = null;
  /** After the head (buffered responses): the exchange whose body is being collected, and where it goes back. */
  #exchange: Exchange | null = null;
  #pool: Pool | null = null;
  #body: BodyCollector | null = null;
  readonly #signal: SignalWatch | null;
  #promise: Promise<T> | null = null;
  /** The reactor of the runtime that polled first: its pools, and only it, serve this request. */
  #reactor: Reactor | null = null;
  /** The waker of the latest poll, for client.close() to end the request at once. */
  #waker: Context['waker'] | null = null;
  #tracked: WeakRef<InFlight> | null = null;
  #closedByClient = false;
  /** The total `timeout`, from the first poll. */
  #deadline: Sleep | null = null;
  /** The request's body to send, if it has one (checked at the call). */
  readonly #send: BodyRequest | null;

  /** @internal Made by HttpClient's request methods. */
  constructor(client: object, state: ClientState, method: Method, url: string | URL, opts: RequestOptions, streaming: boolean, body: BodyRequest | null = null) {
    super();
    this.#send = body;
    this.#client = client;
    this.#state = state;
    this.#method = method;
    this.#url = url;
    this.#opts = opts;
    this.#streaming = streaming;
    this.#signal = opts.signal === undefined ? null : new SignalWatch(opts.signal);
    this.#limits = limitsOf(opts);
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

  /** @internal client.close(): release everything now; the next poll fails with ERR_CLOSED. */
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
      const { headers, maxRedirects = 0, allowDowngrade = false } = this.#opts;
      const follow = { maxRedirects, allowDowngrade };
      this.#redirects = new FollowRedirects(this.#startAttempt, this.#url, this.#method, headers, this.#send, follow, this.#state.options.idleTimeout);
    } else if (reactor !== this.#reactor) {
      throw wrongRuntime('this request');
    }
    this.#waker = cx.waker;
    if (this.#signal?.check(cx)) throw aborted(this.#opts.signal!);
    this.#checkDeadline(cx);
    let ex = this.#exchange;
    if (ex === null) {
      const redirects = this.#redirects!;
      const p = redirects.poll(cx);
      if (p === PENDING) return PENDING;
      ex = p.value;
      // Guarded: even a disabled debuglog costs a call with its arguments, per request.
      if (debug.enabled) debug('%s %s -> %d', this.#method, redirects.target!.href, ex.head!.status);
      if (this.#streaming) return Poll.ready(this.#streamingResponse(ex, redirects.pool) as T);
      this.#exchange = ex;
      this.#pool = redirects.pool;
      this.#body = new BodyCollector(ex.bodyLength, this.#limits.maxBodySize);
    }
    if (ex.pollBody(cx, this.#body!.sink) === PENDING) return PENDING;
    this.#exchange = null;
    giveBack(this.#pool!, ex, ex.reusable, this.#state.options.idleTimeout);
    const body = this.#body!.take();
    this.#body = null;
    return Poll.ready(new Response(ex.head!, body, ex.trailers, this.#redirects!.target!.href) as T);
  }

  /** One attempt at `url` on this request's reactor, made once per request (not per poll). */
  readonly #startAttempt = (url: string | URL, method: Method, headers: RequestHeaders | undefined, body: BodyRequest | null): Attempt => {
    const expect = this.#opts.expectContinue ?? DEFAULT_EXPECT_THRESHOLD;
    const { target, request, closeAfter, framing } = this.#state.prepare(method, url, headers, body ?? undefined, expect);
    // https: pooled per origin and TLS options, so a connection is only reused under the options that verified it.
    // A Unix socket: per origin and path ('\0' cannot occur in an origin, so the keys never meet).
    const { tls, socketPath } = this.#opts;
    if (socketPath !== undefined && target.secure) {
      throw httpError('ERR_HTTP_UNSUPPORTED_PROTOCOL', `https: over a Unix socket (socketPath) is not supported: ${target.origin}`);
    }
    const key = socketPath !== undefined ? `${target.origin}\0unix:${socketPath}` : target.secure ? target.origin + tlsKey(tls) : target.origin;
    const pool = this.#state.pool(this.#reactor!, key);
    const connectTimeout = this.#opts.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT;
    const spec = body?.spec ?? null;
    const expectTimeout = this.#opts.expectTimeout ?? DEFAULT_EXPECT_TIMEOUT;
    const upload = framing === null ? null : { body: spec!, length: framing.length, expectMs: framing.expect ? expectTimeout : null };
    const retryable = IDEMPOTENT.has(method) && (spec === null || spec.replayable);
    return new Attempt(pool, { method, target, request, limits: this.#limits, connectTimeout, closeAfter, tls, socketPath, upload, retryable });
  };

  /** The head is in: the body is handed, with the connection, the signal and what is left of the deadline, to the caller. */
  #streamingResponse(ex: Exchange, pool: Pool): StreamingResponse {
    const deadline = this.#deadline;
    this.#deadline = null;
    const idleTimeout = this.#state.options.idleTimeout;
    return new StreamingResponse(ex.head!, {
      exchange: ex,
      release: (reusable) => giveBack(pool, ex, reusable, idleTimeout),
      owner: this.#client,
      state: this.#state,
      reactor: this.#reactor!,
      runtime: runningRuntime() ?? this.#state.awaitRuntime(),
      deadline: deadline === null ? null : { timer: deadline, ms: this.#opts.timeout! },
      signal: this.#opts.signal ?? null,
      context: this.#context(),
    });
  }

  #checkDeadline(cx: Context): void {
    const ms = this.#opts.timeout ?? 0;
    if (!(ms > 0) || ms === Infinity) return;
    this.#deadline ??= sleep(ms);
    if (this.#deadline.poll(cx) === PENDING) return;
    this.#deadline = null;
    throw deadlinePassed(ms, this.#exchange !== null ? 'body' : (this.#redirects?.phase ?? 'queue'));
  }

  #context(): RequestContext {
    const url = this.#redirects?.target?.href ?? (typeof this.#url === 'string' ? this.#url : this.#url.href);
    return { method: this.#method, url, redirects: this.#redirects?.chain ?? [] };
  }

  /** Ready: nothing is held any more but what the response carries. */
  #settled(): void {
    this.#signal?.stop();
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
    this.#settled();
    dispose(this.#redirects);
    const ex = this.#exchange;
    this.#exchange = null;
    if (ex !== null) giveBack(this.#pool!, ex, false, 0);
    this.#body = null;
    this.#send?.spec?.discard();
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
