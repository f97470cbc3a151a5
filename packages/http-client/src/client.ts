/**
 * HttpClient: HTTP/1.1 requests over keep-alive pools, one pool per origin and runtime.
 *
 * ```ts
 * const client = new HttpClient({ maxConnections: 10, defaults: { timeout: 5000 } });
 * const res = await client.get('http://127.0.0.1:8080/100/hello');   // from Node
 * const same = yield* wait(client.get(url));                          // inside a coroutine, on its runtime
 * const made = await client.post(`${base}/items`, { json: { name: 'x' } });
 * const up = await client.put(`${base}/file`, { body: fs.createReadStream('big.bin') });
 * client.close();
 * ```
 *
 * A request runs on the runtime that polls it; awaited from Node, on the client's `runtime`
 * option or else this thread's default runtime (`defaultRuntime()` of @ferrite/executor). A
 * client owns no runtime, and the same client works from any runtime (see ClientState: pools
 * are kept per reactor).
 */
import { checkBody, checkMethod, type BodyOptions, type RequestParams } from './body-options.js';
import { ClientState } from './client-state.js';
import { withDefaults, type ClientOptions, type RequestOptions } from './options.js';
import { RequestFuture } from './request-future.js';
import type { Response } from './response.js';
import type { StreamingResponse } from './streaming.js';
import { checkClientOptions, checkRequestOptions, checkUrl } from './validate.js';
import { invalidArgType } from '@ferrite/future/errors';

// The safety net for a client nobody closed (as Node closes a forgotten FileHandle): its idle
// connections are closed, with a warning, once it has been collected.
const unclosed = new FinalizationRegistry<ClientState>((state) => {
  try {
    if (state.closed) return;
    const connections = state.connections;
    state.close();
    if (connections === 0) return; // it held nothing: nothing leaked
    process.emitWarning(
      `Closing an HttpClient on garbage collection (${connections} pooled connection(s)): it was dropped without close(). Call close() (or declare it with \`using\`) when done.`,
      { code: 'FERRITE_UNCLOSED' },
    );
  } catch {
    // a finalizer must never throw
  }
});

export class HttpClient {
  readonly #state: ClientState;
  readonly #defaults: RequestOptions;

  /** @throws ERR_INVALID_ARG_TYPE / ERR_INVALID_ARG_VALUE / ERR_OUT_OF_RANGE for bad options. */
  constructor(opts: ClientOptions = {}) {
    const o = checkClientOptions(opts);
    this.#defaults = o.defaults;
    // idleTimeout 0, like every timeout, means no limit (not "never keep a connection").
    const idleTimeout = o.idleTimeout === 0 ? Infinity : o.idleTimeout;
    this.#state = new ClientState({ maxConnections: o.maxConnections, idleTimeout, keepAlive: o.keepAlive }, o.runtime);
    unclosed.register(this, this.#state, this.#state);
  }

  /** GET `url`: a lazy future of the whole response, also awaitable from Node. */
  get(url: string | URL, opts?: RequestOptions): RequestFuture<Response> {
    checkUrl(url);
    return new RequestFuture(this, this.#state, 'GET', url, withDefaults(this.#defaults, checkRequestOptions(opts)), false);
  }

  /** HEAD `url`: like get(), never with a body. */
  head(url: string | URL, opts?: RequestOptions): RequestFuture<Response> {
    checkUrl(url);
    return new RequestFuture(this, this.#state, 'HEAD', url, withDefaults(this.#defaults, checkRequestOptions(opts)), false);
  }

  /**
   * Any method, with or without a body: `request({ method: 'PUT', url, body, headers })`. A lazy
   * future of the whole response. The body is checked here (see `RequestBody`); a body on GET or
   * HEAD needs `allowGetBody`, TRACE may not have one, CONNECT is refused.
   */
  request(params: RequestParams): RequestFuture<Response> {
    return this.#request(params, false);
  }

  /** Like request(), with the response body delivered in chunks (as `stream()`). */
  requestStream(params: RequestParams): RequestFuture<StreamingResponse> {
    return this.#request(params, true);
  }

  /** POST `url` with `opts.body` or `opts.json` (or none: `Content-Length: 0`). Never retried. */
  post(url: string | URL, opts?: BodyOptions): RequestFuture<Response> {
    return this.#with('POST', url, opts);
  }

  /** PUT `url` with `opts.body` or `opts.json`. Idempotent: retried on a dead pooled connection if its body can be sent again. */
  put(url: string | URL, opts?: BodyOptions): RequestFuture<Response> {
    return this.#with('PUT', url, opts);
  }

  /** PATCH `url` with `opts.body` or `opts.json`. Never retried. */
  patch(url: string | URL, opts?: BodyOptions): RequestFuture<Response> {
    return this.#with('PATCH', url, opts);
  }

  /** DELETE `url` (a body, if given, as for put()). Idempotent. */
  delete(url: string | URL, opts?: BodyOptions): RequestFuture<Response> {
    return this.#with('DELETE', url, opts);
  }

  #with(method: string, url: string | URL, opts: BodyOptions | undefined): RequestFuture<Response> {
    checkUrl(url);
    const o = checkRequestOptions(opts) as BodyOptions;
    return new RequestFuture(this, this.#state, method, url, withDefaults(this.#defaults, o), false, checkBody(method, o));
  }

  #request<T extends Response | StreamingResponse>(params: RequestParams, streaming: boolean): RequestFuture<T> {
    if (params === null || typeof params !== 'object') throw invalidArgType('params', 'an object with method and url', params);
    const method = checkMethod(params.method, 'params.method');
    checkUrl(params.url);
    const o = checkRequestOptions(params, 'params') as BodyOptions;
    const { url } = params;
    return new RequestFuture<T>(this, this.#state, method, url, withDefaults(this.#defaults, o), streaming, checkBody(method, o));
  }

  /** GET with the body delivered in chunks as it arrives (bounded memory): `for await (const chunk of res.body)`. */
  stream(url: string | URL, opts?: RequestOptions): RequestFuture<StreamingResponse> {
    checkUrl(url);
    return new RequestFuture(this, this.#state, 'GET', url, withDefaults(this.#defaults, checkRequestOptions(opts)), true);
  }

  /**
   * Closes every connection now, on every runtime: requests and streaming bodies in flight fail
   * with ERR_CLOSED (at once, not at their timeouts), as does any later request.
   * Idempotent.
   */
  close(): void {
    unclosed.unregister(this.#state);
    this.#state.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  /** Connections currently open (idle + busy) across runtimes, for tests and monitoring. */
  get connections(): number {
    return this.#state.connections;
  }
}
