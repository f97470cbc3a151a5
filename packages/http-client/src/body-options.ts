/**
 * The options of a request that may carry a body (`request`, `post`, `put`, `patch`, `delete`),
 * checked at the call: the method, the body, and the rules that keep a body from becoming a
 * way to smuggle a request or to hang one.
 */
import { invalidArgType, invalidArgValue } from '@ferrite/future/errors';
import { httpError } from './errors.js';
import { TOKEN } from './grammar.js';
import type { RequestOptions } from './options.js';
import { jsonBody, toBody, type BodySpec, type RequestBody } from './request-body.js';

/** The options of a request with a body: `RequestOptions` plus the body. */
export interface BodyOptions extends RequestOptions {
  /**
   * The request body (see `RequestBody`): sent with `Content-Length` when its size is known, else
   * chunked. Not with `json`.
   */
  body?: RequestBody;
  /** A value sent as JSON (`JSON.stringify`), with `Content-Type: application/json` unless the headers set one. Not with `body`. */
  json?: unknown;
  /** Allow a body on GET and HEAD, whose meaning RFC 9110 leaves undefined (default false: ERR_HTTP_INVALID_REQUEST). */
  allowGetBody?: boolean;
}

/** `client.request()`'s argument: a method, a URL, and the options of a request with a body. */
export interface RequestParams extends BodyOptions {
  /** An RFC 9110 token; the standard methods in any case are sent in upper case. CONNECT is refused. */
  method: string;
  url: string | URL;
}

/** @internal A checked request body, with what its head needs. */
export interface BodyRequest {
  spec: BodySpec | null;
  /** `json`'s content type, or null. */
  contentType: string | null;
}

/** Methods sent upper case whatever case they are given in (fetch's list, with PATCH). */
const STANDARD = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT']);
/** Idempotent methods (RFC 9110 §9.2.2): only these are retried on a dead pooled connection. */
export const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']);

/** The method as sent. @throws ERR_INVALID_ARG_TYPE / ERR_INVALID_ARG_VALUE, ERR_HTTP_INVALID_REQUEST for CONNECT. */
export function checkMethod(method: unknown, name = 'method'): string {
  if (typeof method !== 'string') throw invalidArgType(name, 'a string', method);
  if (!TOKEN.test(method)) throw invalidArgValue(name, 'an HTTP method token (RFC 9110 §9)', method);
  const upper = method.toUpperCase();
  const m = STANDARD.has(upper) ? upper : method;
  if (m === 'CONNECT') throw httpError('ERR_HTTP_INVALID_REQUEST', 'CONNECT opens a tunnel, which this client does not do');
  return m;
}

/**
 * The body of a request to send with `method`, from checked options.
 * @throws ERR_INVALID_ARG_TYPE / ERR_INVALID_ARG_VALUE for a bad body, ERR_HTTP_INVALID_REQUEST
 * for a body on TRACE, or on GET or HEAD without `allowGetBody`.
 */
export function checkBody(method: string, o: BodyOptions): BodyRequest {
  const hasJson = o.json !== undefined;
  if (hasJson && o.body !== undefined) throw invalidArgValue('options.json', 'not given with options.body', o.json);
  if (o.allowGetBody !== undefined && typeof o.allowGetBody !== 'boolean') throw invalidArgType('options.allowGetBody', 'a boolean', o.allowGetBody);
  if (!hasJson && o.body === undefined) return { spec: null, contentType: null };
  if (method === 'TRACE') throw httpError('ERR_HTTP_INVALID_REQUEST', 'a TRACE request may not have a body (RFC 9110 §9.3.8)');
  if ((method === 'GET' || method === 'HEAD') && o.allowGetBody !== true) {
    throw httpError('ERR_HTTP_INVALID_REQUEST', `a body on a ${method} request has no defined meaning; allowGetBody: true sends it anyway`);
  }
  if (hasJson) return { spec: jsonBody(o.json), contentType: 'application/json' };
  return { spec: toBody(o.body), contentType: null };
}
