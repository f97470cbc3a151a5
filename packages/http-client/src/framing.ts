/**
 * Message body length, RFC 9112 §6.3, in order of precedence:
 *  1. responses to HEAD, and 1xx, 204 and 304 responses, have no body whatever the fields say;
 *  2. Transfer-Encoding with Content-Length is refused (ERR_HTTP_AMBIGUOUS_FRAMING);
 *  3. Transfer-Encoding ending in `chunked`: chunked; any other Transfer-Encoding: until close;
 *  4. Content-Length: repeated values must be identical, digits only, a safe integer;
 *  5. otherwise: the body runs until the server closes the connection.
 */
import { httpError } from './errors.js';
import type { ResponseHead } from './parse-head.js';

// Only SP and HTAB are whitespace in HTTP (RFC 9110 §5.6.3): String.prototype.trim would also
// strip NBSP (0xA0, obs-text), turning `Content-Length: \xa05` into a length of 5.
const OWS = /^[ \t]+|[ \t]+$/g;
const trimOws = (s: string) => s.replace(OWS, '');
const DIGITS = /^\d+$/;

export type Framing = { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'close' };

export function framing(method: string, head: ResponseHead): Framing {
  const { status, headers } = head;
  if (method === 'HEAD' || (status >= 100 && status < 200) || status === 204 || status === 304) return { kind: 'none' };
  const te = headers.valuesOf('transfer-encoding');
  const cl = headers.valuesOf('content-length');
  if (te === undefined && cl?.length === 1 && DIGITS.test(cl[0]!)) {
    // The common case, one Content-Length of digits: what the general path below decides, without its arrays.
    const length = Number(cl[0]);
    if (Number.isSafeInteger(length)) return { kind: 'length', length };
  }
  if (te !== undefined) {
    if (cl !== undefined) {
      throw httpError('ERR_HTTP_AMBIGUOUS_FRAMING', 'response has both Transfer-Encoding and Content-Length');
    }
    const codings = te.join(',').split(',').map((c) => trimOws(c).toLowerCase()).filter((c) => c !== '');
    // HTTP/1.0 has no chunked coding; a 1.0 response with it is read until close (§6.1).
    if (codings[codings.length - 1] === 'chunked' && head.minor >= 1) return { kind: 'chunked' };
    return { kind: 'close' };
  }
  if (cl !== undefined) {
    const values = cl.join(',').split(',').map(trimOws);
    if (values.some((v) => !DIGITS.test(v))) {
      throw httpError('ERR_HTTP_INVALID_CONTENT_LENGTH', `invalid Content-Length ${JSON.stringify(cl.join(', '))}`);
    }
    if (values.some((v) => v !== values[0])) {
      throw httpError('ERR_HTTP_AMBIGUOUS_FRAMING', `differing Content-Length values ${JSON.stringify(cl.join(', '))}`);
    }
    const length = Number(values[0]);
    if (!Number.isSafeInteger(length)) {
      throw httpError('ERR_HTTP_INVALID_CONTENT_LENGTH', `Content-Length ${values[0]} is too large`);
    }
    return { kind: 'length', length };
  }
  return { kind: 'close' };
}
