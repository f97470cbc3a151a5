// Serialises a GET or HEAD request, refusing anything that could smuggle a second request.
import { httpError } from './errors.js';
import { BAD_VALUE, TOKEN } from './grammar.js';
import type { Target } from './url.js';

export type Method = 'GET' | 'HEAD';
export type RequestHeaders = Record<string, string> | Iterable<[string, string]>;

// Framing is ours to decide: a GET has no body, so these could only desynchronise the connection.
const FORBIDDEN = new Set(['content-length', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'expect']);

const encoder = new TextEncoder();

export function buildRequest(method: Method, target: Target, headers?: RequestHeaders): Uint8Array {
  let head = `${method} ${target.path} HTTP/1.1\r\n`;
  let host = target.hostHeader;
  let extra = '';
  let userAgent = false;
  for (const [name, value] of headers === undefined ? [] : Symbol.iterator in headers ? headers : Object.entries(headers)) {
    if (typeof name !== 'string' || !TOKEN.test(name)) {
      throw httpError('ERR_HTTP_INVALID_REQUEST', `invalid header name ${JSON.stringify(name)}`);
    }
    if (typeof value !== 'string' || BAD_VALUE.test(value)) {
      throw httpError('ERR_HTTP_INVALID_REQUEST', `invalid value for header ${name}: ${JSON.stringify(value)}`);
    }
    const key = name.toLowerCase();
    if (FORBIDDEN.has(key)) throw httpError('ERR_HTTP_INVALID_REQUEST', `header ${name} is not allowed on a ${method} request`);
    if (key === 'host') {
      host = value.trim();
      continue;
    }
    if (key === 'user-agent') userAgent = true;
    extra += `${name}: ${value.trim()}\r\n`;
  }
  head += `Host: ${host}\r\n`;
  if (!userAgent) head += 'User-Agent: ferrite\r\n';
  return encoder.encode(`${head}${extra}\r\n`);
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
