/**
 * One error class, one stable `code` per condition (undici's habit). Network failures keep the
 * system error of the layer below (`ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`, ...).
 *
 * Every error a request fails with says which request it was: an `HttpError` carries `method`,
 * `url` (the URL being fetched when it failed) and, when redirects were followed, `redirects`
 * (the URLs that answered with a redirect, in order: the first is the one you asked for). A
 * system error gets the same three properties; a connect error also carries `address` and
 * `port`, like Node's own.
 *
 * HttpError is a `FerriteError` (@ferrite/future), the base of every ferrite error; argument
 * errors are Node's (`ERR_INVALID_ARG_TYPE`, ...), thrown by the call that passes the argument.
 */
import { FerriteError } from '@ferrite/future/errors';

export type HttpErrorCode =
  | 'ERR_HTTP_INVALID_URL'
  | 'ERR_HTTP_UNSUPPORTED_PROTOCOL'
  | 'ERR_HTTP_INVALID_REQUEST'
  | 'ERR_HTTP_INVALID_STATUS'
  | 'ERR_HTTP_INVALID_HEADER'
  | 'ERR_HTTP_HEADERS_TOO_LARGE'
  | 'ERR_HTTP_BODY_TOO_LARGE'
  | 'ERR_HTTP_INVALID_CONTENT_LENGTH'
  | 'ERR_HTTP_CONTENT_LENGTH_MISMATCH'
  | 'ERR_HTTP_AMBIGUOUS_FRAMING'
  | 'ERR_HTTP_INVALID_CHUNK'
  | 'ERR_HTTP_PREMATURE_CLOSE'
  | 'ERR_HTTP_UNEXPECTED_UPGRADE'
  | 'ERR_HTTP_TOO_MANY_INTERIM_RESPONSES'
  | 'ERR_HTTP_CONNECT_TIMEOUT'
  | 'ERR_HTTP_HEADERS_TIMEOUT'
  | 'ERR_HTTP_BODY_TIMEOUT'
  | 'ERR_HTTP_TIMEOUT'
  | 'ERR_HTTP_TOO_MANY_REDIRECTS'
  | 'ERR_HTTP_REDIRECT_DOWNGRADE'
  | 'ERR_HTTP_REQUEST_BODY'
  | 'ERR_HTTP_BODY_NOT_REPLAYABLE'
  | 'ERR_CLOSED'
  | 'ERR_FOREIGN_REACTOR'
  | 'ABORT_ERR';

/** Where the total `timeout` caught a request: waiting for a free connection, connecting, sending and waiting for the head, reading the body. */
export type RequestPhase = 'queue' | 'connect' | 'headers' | 'body';

export class HttpError extends FerriteError<HttpErrorCode> {
  /** The request's method, once the error has left the request. */
  readonly method?: string;
  /** The URL being fetched when the request failed (after redirects, the last one). */
  readonly url?: string;
  /** When redirects were followed: the URLs that answered with one, in order (the first is the one asked for). */
  readonly redirects?: string[];
  /** ERR_HTTP_TIMEOUT: the phase the request was in when its total deadline passed. */
  readonly phase?: RequestPhase;
  /** ERR_HTTP_TIMEOUT: the `timeout` option, ms. */
  readonly timeout?: number;

  constructor(code: HttpErrorCode, message: string, options?: { cause?: unknown; phase?: RequestPhase; timeout?: number }) {
    super(code, message, options?.cause === undefined ? undefined : { cause: options.cause });
    // As fetch's and Node's aborts are named, so that `err.name === 'AbortError'` checks work.
    if (code === 'ABORT_ERR') this.name = 'AbortError';
    if (options?.phase !== undefined) this.phase = options.phase;
    if (options?.timeout !== undefined) this.timeout = options.timeout;
  }
}

export const httpError = (code: HttpErrorCode, message: string) => new HttpError(code, message);

/** The request an error came from. */
export interface RequestContext {
  readonly method: string;
  readonly url: string;
  readonly redirects: readonly string[];
}

/**
 * Gives `err` the request's `method`, `url` and (if any) `redirects`, unless it already has
 * them; an HttpError's message gets them too, as a prefix. Returns `err` (for `throw`).
 */
export function withContext(err: unknown, ctx: RequestContext): unknown {
  if (!(err instanceof Error)) return err;
  const e = err as Error & { method?: string; url?: string; redirects?: string[] };
  if (e.method !== undefined || e.url !== undefined) return err;
  try {
    e.method = ctx.method;
    e.url = ctx.url;
    if (ctx.redirects.length > 0) e.redirects = [...ctx.redirects];
    if (err instanceof HttpError) err.message = `${ctx.method} ${ctx.url}: ${err.message}`;
  } catch {
    // a frozen error keeps what it had
  }
  return err;
}

/** The client was closed (before the request, or while it was in flight). */
export function clientClosed(inFlight: boolean): HttpError {
  return httpError(
    'ERR_CLOSED',
    inFlight ? 'the HttpClient was closed (client.close()) while this request was in flight' : 'the HttpClient is closed (client.close() was called): make a new one',
  );
}

/**
 * A request or body polled by a runtime other than the one whose reactor watches its connection:
 * the reactor's own code for a socket polled under a foreign reactor, one spelling for one condition.
 */
export function wrongRuntime(what: string): HttpError {
  return httpError(
    'ERR_FOREIGN_REACTOR',
    `${what} started on another runtime, whose reactor watches its connection: keep polling it there (awaiting it from Node does)`,
  );
}

/** The total `timeout` passed: ERR_HTTP_TIMEOUT with the phase it caught the request in. */
export function deadlinePassed(ms: number, phase: RequestPhase): HttpError {
  return new HttpError('ERR_HTTP_TIMEOUT', `the request did not complete within its timeout of ${ms} ms (it was in the ${phase} phase)`, { phase, timeout: ms });
}

/** The request's (or its body's) AbortSignal fired: ABORT_ERR, with the signal's reason as `cause`. */
export function aborted(signal: AbortSignal): HttpError {
  return new HttpError('ABORT_ERR', 'the request was aborted', { cause: signal.reason });
}
