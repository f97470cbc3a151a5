/**
 * FollowRedirects: a request that follows 301/302/303/307/308 (up to `maxRedirects`), as a
 * wrapper around single attempts (undici keeps its redirect handler apart
 * from the dispatcher in the same way). Each redirect's body is read and dropped so that its
 * connection can be reused; the next URL is resolved against the one that answered.
 *
 * Credentials stay with their origin (as fetch, undici and curl do): once a redirect leaves the
 * origin of the URL that answered, `Authorization`, `Cookie`, `Proxy-Authorization` and a `Host`
 * the caller set are no longer sent, on this hop or any later one. Same-origin hops keep them.
 *
 * Methods and bodies follow fetch: a 303 becomes a GET without a body (a HEAD stays a HEAD), as
 * does a POST answered by a 301 or 302; otherwise the method and body are kept, which a body
 * that can only be read once cannot be (ERR_HTTP_BODY_NOT_REPLAYABLE). Dropping the body drops
 * the fields that described it (`Content-Type`, `Content-Length`, ...).
 */
import { BaseFuture, PENDING, Poll, dispose, type Context } from '@ferrite/future';
import { giveBack, type Attempt } from './attempt.js';
import type { Sink } from './body-decoder.js';
import { httpError, type RequestPhase } from './errors.js';
import type { Exchange } from './exchange.js';
import type { BodyRequest } from './body-options.js';
import type { Method, RequestHeaders } from './request.js';
import type { Target } from './url.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Request fields meant for one origin only. */
const ORIGIN_BOUND = new Set(['authorization', 'cookie', 'proxy-authorization', 'host']);
const DISCARD: Sink = () => {};
/** Fields about the body, dropped with it (fetch's request-body-header names, and framing). */
const BODY_FIELDS = new Set(['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location', 'transfer-encoding', 'expect']);

/** What one hop sends besides its URL (made only when a redirect changes it). */
interface Hop {
  method: Method;
  headers: RequestHeaders | undefined;
  body: BodyRequest | null;
}

/** Which redirects to follow. */
export interface FollowOptions {
  maxRedirects: number;
  /** Follow https: → http: (else ERR_HTTP_REDIRECT_DOWNGRADE). */
  allowDowngrade: boolean;
}

/** Starts one attempt at `url`. */
export type StartAttempt = (url: string | URL, method: Method, headers: RequestHeaders | undefined, body: BodyRequest | null) => Attempt;

export class FollowRedirects extends BaseFuture<Exchange> {
  readonly #start: StartAttempt;
  readonly #url: string | URL;
  readonly #maxRedirects: number;
  readonly #allowDowngrade: boolean;
  readonly #idleTimeout: number;
  #method: Method;
  #headers: RequestHeaders | undefined;
  #body: BodyRequest | null;
  #attempt: Attempt | null = null;
  /** A redirect whose body is being read (and dropped) before the next hop. */
  #draining: Exchange | null = null;
  #next = '';
  /** URLs that answered with a redirect we followed, in order. */
  readonly chain: string[] = [];

  constructor(start: StartAttempt, url: string | URL, method: Method, headers: RequestHeaders | undefined, body: BodyRequest | null, follow: FollowOptions, idleTimeout: number) {
    super();
    this.#start = start;
    this.#url = url;
    this.#method = method;
    this.#headers = headers;
    this.#body = body;
    this.#maxRedirects = follow.maxRedirects;
    this.#allowDowngrade = follow.allowDowngrade;
    this.#idleTimeout = idleTimeout;
  }

  /** The URL being fetched now; null before the first poll. */
  get target(): Target | null {
    return this.#attempt?.plan.target ?? null;
  }

  /** The pool of the current attempt (the final exchange's connection goes back there). */
  get pool(): Attempt['pool'] {
    return this.#attempt!.pool;
  }

  get phase(): RequestPhase {
    return this.#draining !== null ? 'body' : (this.#attempt?.phase ?? 'queue');
  }

  protected pollOnce(cx: Context): Poll<Exchange> {
    this.#attempt ??= this.#start(this.#url, this.#method, this.#headers, this.#body);
    for (;;) {
      const draining = this.#draining;
      if (draining !== null) {
        if (draining.pollBody(cx, DISCARD) === PENDING) return PENDING;
        this.#draining = null;
        giveBack(this.#attempt.pool, draining, draining.reusable, this.#idleTimeout);
        this.#attempt = this.#start(this.#next, this.#method, this.#headers, this.#body);
      }
      const p = this.#attempt.poll(cx);
      if (p === PENDING) return PENDING;
      const ex = p.value;
      // Each Location field on its own: get() would join two into one relative URL ('/a, /b').
      const locations = ex.head!.headers.getAll('location');
      const location = locations[0];
      if (!REDIRECTS.has(ex.head!.status) || location === undefined || this.#maxRedirects === 0) return p;
      if (locations.some((l) => l !== location)) {
        giveBack(this.#attempt.pool, ex, false, 0);
        throw httpError('ERR_HTTP_INVALID_HEADER', `a redirect with ${locations.length} differing Location fields: which one to follow is ambiguous`);
      }
      if (this.chain.length >= this.#maxRedirects) {
        giveBack(this.#attempt.pool, ex, false, 0);
        throw httpError('ERR_HTTP_TOO_MANY_REDIRECTS', `more than ${this.#maxRedirects} redirects`);
      }
      const from = this.#attempt.plan.target.href;
      const next = resolve(location, from);
      if (this.#attempt.plan.target.secure && next.startsWith('http:') && !this.#allowDowngrade) {
        giveBack(this.#attempt.pool, ex, false, 0);
        throw httpError('ERR_HTTP_REDIRECT_DOWNGRADE', `refusing a redirect from https: to ${next.slice(0, 200)} (allowDowngrade: true follows it)`);
      }
      const hop = nextHop({ method: this.#method, headers: this.#headers, body: this.#body }, ex.head!.status);
      if (hop === null) {
        giveBack(this.#attempt.pool, ex, false, 0);
        throw httpError('ERR_HTTP_BODY_NOT_REPLAYABLE', `a ${ex.head!.status} redirect keeps the request body, which could only be sent once (give a string, bytes or a Blob to follow it)`);
      }
      this.#method = hop.method;
      this.#body = hop.body;
      this.#headers = new URL(next).origin !== new URL(from).origin ? withoutCredentials(hop.headers) : hop.headers;
      this.#draining = ex;
      this.#next = next;
      this.chain.push(from);
    }
  }

  protected override release(): void {
    dispose(this.#attempt);
    const ex = this.#draining;
    this.#draining = null;
    if (ex !== null) giveBack(this.#attempt!.pool, ex, false, 0);
  }
}

/** `location` against the URL that sent it. */
function resolve(location: string, base: string): string {
  try {
    return new URL(location, base).href;
  } catch {
    throw httpError('ERR_HTTP_INVALID_URL', `invalid redirect Location ${JSON.stringify(location.slice(0, 200))}`);
  }
}

/** The request fields minus those bound to the origin being left. */
export function withoutCredentials(headers: RequestHeaders | undefined): [string, string][] | undefined {
  return without(headers, ORIGIN_BOUND);
}

/** The next hop after a `status` redirect (see above); null if it must resend a one-shot body. */
function nextHop(hop: Hop, status: number): Hop | null {
  const toGet = status === 303 ? hop.method !== 'HEAD' : (status === 301 || status === 302) && hop.method === 'POST';
  if (toGet || (status === 303 && hop.body !== null)) {
    const headers = hop.body === null ? hop.headers : without(hop.headers, BODY_FIELDS);
    return { method: toGet ? 'GET' : hop.method, headers, body: null };
  }
  if (hop.body?.spec != null && !hop.body.spec.replayable) return null;
  return hop;
}

function without(headers: RequestHeaders | undefined, names: Set<string>): [string, string][] | undefined {
  if (headers === undefined) return undefined;
  const all = Symbol.iterator in headers ? [...(headers as Iterable<[string, string]>)] : Object.entries(headers);
  return all.filter(([name]) => typeof name !== 'string' || !names.has(name.toLowerCase()));
}
