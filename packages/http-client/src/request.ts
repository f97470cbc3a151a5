// Serialises a request head, refusing anything that could smuggle a second request. Framing is
// ours to decide: the caller's Content-Length and Transfer-Encoding are checked against the body
// and reconciled into exactly one framing field, never sent as given next to ours.
import { httpError } from './errors.js';
import { BAD_VALUE, TOKEN } from './grammar.js';
import type { BodySpec } from './request-body.js';
import type { Target } from './url.js';

/** A request method: an RFC 9110 token (GET, POST, ... or an extension method). */
export type Method = string;
export type RequestHeaders = Record<string, string> | Iterable<[string, string]>;

// Without a body, a GET or HEAD has nothing to frame: these could only desynchronise the connection.
const FORBIDDEN = new Set(['content-length', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'expect']);
// With a body, framing and Expect are read and reconciled below; these stay refused.
const FORBIDDEN_WITH_BODY = new Set(['upgrade', 'te', 'trailer']);
/** Methods whose request means something with content: they send `Content-Length: 0` without a body (as undici does). */
const EXPECTS_CONTENT = new Set(['POST', 'PUT', 'PATCH']);

const encoder = new TextEncoder();

/** How a body goes on the wire, decided with the head. */
export interface BodyFraming {
  /** `Content-Length` bytes exactly, or chunked (length then -1). */
  length: number;
  /** Sends `Expect: 100-continue` and waits before the body. */
  expect: boolean;
}

interface Fields {
  head: string;
  contentLength: number | null;
  chunked: boolean;
  expect: boolean;
  contentType: boolean;
}

function fields(method: Method, target: Target, headers: RequestHeaders | undefined, forbidden: Set<string>): Fields {
  let head = `${method} ${target.path} HTTP/1.1\r\n`;
  let host = target.hostHeader;
  let extra = '';
  let userAgent = false;
  const f: Fields = { head: '', contentLength: null, chunked: false, expect: false, contentType: false };
  for (const [name, value] of headers === undefined ? [] : Symbol.iterator in headers ? headers : Object.entries(headers)) {
    if (typeof name !== 'string' || !TOKEN.test(name)) {
      throw httpError('ERR_HTTP_INVALID_REQUEST', `invalid header name ${JSON.stringify(name)}`);
    }
    if (typeof value !== 'string' || BAD_VALUE.test(value)) {
      throw httpError('ERR_HTTP_INVALID_REQUEST', `invalid value for header ${name}: ${JSON.stringify(value)}`);
    }
    const key = name.toLowerCase();
    if (forbidden.has(key)) throw httpError('ERR_HTTP_INVALID_REQUEST', `header ${name} is not allowed on a ${method} request`);
    const v = value.trim();
    if (key === 'host') {
      host = v;
      continue;
    }
    if (key === 'content-length') {
      if (f.contentLength !== null || !/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) {
        throw httpError('ERR_HTTP_INVALID_REQUEST', `Content-Length must be one decimal length, got ${JSON.stringify(value)}`);
      }
      f.contentLength = Number(v);
      continue;
    }
    if (key === 'transfer-encoding') {
      if (f.chunked || v.toLowerCase() !== 'chunked') {
        throw httpError('ERR_HTTP_INVALID_REQUEST', `Transfer-Encoding may only be one 'chunked', got ${JSON.stringify(value)}`);
      }
      f.chunked = true;
      continue;
    }
    if (key === 'expect') {
      if (v.toLowerCase() !== '100-continue') throw httpError('ERR_HTTP_INVALID_REQUEST', `Expect may only be '100-continue', got ${JSON.stringify(value)}`);
      f.expect = true;
      continue;
    }
    if (key === 'user-agent') userAgent = true;
    if (key === 'content-type') f.contentType = true;
    extra += `${name}: ${v}\r\n`;
  }
  head += `Host: ${host}\r\n`;
  if (!userAgent) head += 'User-Agent: ferrite\r\n';
  f.head = head + extra;
  return f;
}

/** A request without a body (GET, HEAD, and any method sent without one). */
export function buildRequest(method: Method, target: Target, headers?: RequestHeaders): Uint8Array {
  if (method === 'GET' || method === 'HEAD') return encode(`${fields(method, target, headers, FORBIDDEN).head}\r\n`);
  return buildBodyRequest(method, target, headers, null, false).request;
}

/** What buildBodyRequest decides: the head (with the body when small and known), and how the rest goes. */
export interface BuiltRequest {
  request: Uint8Array;
  /** The body still to send after `request`, and its framing; null when there is none (or it is in `request`). */
  framing: BodyFraming | null;
}

/** Bodies up to this size that need no 100-continue go out with the head, in one write. */
const INLINE = 64 * 1024;

/**
 * A request with `body` (or none). `expect` (`expectContinue`): whether the body asks for
 * 100-continue, or the size in bytes above which it does (a body of unknown size always does). @throws ERR_HTTP_INVALID_REQUEST for conflicting framing
 * fields, ERR_HTTP_CONTENT_LENGTH_MISMATCH when the caller's Content-Length is not the body's size.
 */
export function buildBodyRequest(
  method: Method,
  target: Target,
  headers: RequestHeaders | undefined,
  body: BodySpec | null,
  expect: boolean | number,
  contentType: string | null = null,
): BuiltRequest {
  const f = fields(method, target, headers, FORBIDDEN_WITH_BODY);
  if (f.chunked && f.contentLength !== null) {
    throw httpError('ERR_HTTP_INVALID_REQUEST', 'a request may not carry both Content-Length and Transfer-Encoding');
  }
  let head = f.head;
  if (body === null) {
    if (f.chunked) throw httpError('ERR_HTTP_INVALID_REQUEST', 'Transfer-Encoding: chunked on a request without a body');
    if (f.contentLength !== null && f.contentLength !== 0) throw mismatch(f.contentLength, 0);
    if (f.contentLength === 0 || EXPECTS_CONTENT.has(method)) head += 'Content-Length: 0\r\n';
    return { request: encode(`${head}\r\n`), framing: null };
  }
  const size = body.size;
  if (f.contentLength !== null && size !== null && f.contentLength !== size) throw mismatch(f.contentLength, size);
  // Chunked when the caller asks for it or nobody knows the size; else the known (or declared) length.
  const length = f.chunked ? -1 : (size ?? f.contentLength ?? -1);
  const type = contentType ?? body.type;
  if (!f.contentType && type !== null) {
    if (BAD_VALUE.test(type)) throw httpError('ERR_HTTP_INVALID_REQUEST', `invalid content type ${JSON.stringify(type)}`);
    head += `Content-Type: ${type}\r\n`;
  }
  head += length >= 0 ? `Content-Length: ${length}\r\n` : 'Transfer-Encoding: chunked\r\n';
  const waits = f.expect || (typeof expect === 'boolean' ? expect : size === null || size > expect);
  if (waits) head += 'Expect: 100-continue\r\n';
  head += '\r\n';
  const bytes = body.bytes;
  if (!waits && length >= 0 && bytes !== null && bytes.length <= INLINE) {
    // One write, one packet: the head and a small body together.
    const h = encoder.encode(head);
    const all = new Uint8Array(h.length + bytes.length);
    all.set(h, 0);
    all.set(bytes, h.length);
    return { request: all, framing: null };
  }
  return { request: encode(head), framing: { length, expect: waits } };
}

/**
 * A request head as UTF-8 bytes (TextEncoder's encoding), in a slice of Node's shared Buffer pool
 * when small: a request waiting for its response keeps a view, not an ArrayBuffer of its own
 * (~190 bytes less per in-flight request). The bytes are only ever written to the socket.
 */
function encode(head: string): Uint8Array {
  return Buffer.from(head, 'utf8');
}

function mismatch(declared: number, size: number) {
  return httpError('ERR_HTTP_CONTENT_LENGTH_MISMATCH', `Content-Length: ${declared} given for a body of ${size} bytes`);
}

/**
 * True if `headers` send the `close` connection option: the connection must then carry no
 * further request (RFC 9112 §9.6), whatever the response says.
 */
export function asksToClose(headers: Iterable<[string, string]>): boolean {
  for (const [name, value] of headers) {
    if (typeof name !== 'string' || typeof value !== 'string' || name.toLowerCase() !== 'connection') continue;
    if (value.split(',').some((t) => t.trim().toLowerCase() === 'close')) return true;
  }
  return false;
}
