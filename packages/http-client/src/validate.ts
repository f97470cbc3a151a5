/**
 * Checks of client and request options, at the call that passes them (so a bad option is a
 * programming error reported where it is made, not a request failing later), with Node's codes:
 * `ERR_INVALID_ARG_TYPE` (TypeError) for the wrong kind of value, `ERR_INVALID_ARG_VALUE`
 * (RangeError) for an invalid one (NaN, negative, a fraction or Infinity for a count),
 * `ERR_OUT_OF_RANGE` (RangeError) above a documented maximum.
 *
 * Timeouts are numbers of ms >= 0; 0 and Infinity mean "no limit"; any finite value is fine
 * (the reactor treats a deadline past 2^53 ms as never).
 */
import { Runtime } from '@ferrite/executor';
import { checkInteger, checkObject, checkTimeout, invalidArgType, invalidArgValue, outOfRange } from '@ferrite/future/errors';
import type { ClientOptions, RequestOptions, TlsRequestOptions } from './options.js';

/** Beyond this a response head is not a head: 16 MiB. */
export const MAX_HEADER_SIZE = 16 * 1024 * 1024;

const TIMEOUTS = ['timeout', 'connectTimeout', 'headersTimeout', 'bodyTimeout', 'expectTimeout'] as const;

export interface CheckedClientOptions {
  maxConnections: number;
  idleTimeout: number;
  keepAlive: boolean;
  runtime: Runtime | null;
  defaults: RequestOptions;
}

export function checkClientOptions(opts: unknown): CheckedClientOptions {
  const o = checkObject(opts, 'options') as ClientOptions;
  const { maxConnections = 10, idleTimeout = 4000, keepAlive = true, runtime, defaults, socketPath } = o;
  checkInteger(maxConnections, 'options.maxConnections', 1);
  checkTimeout(idleTimeout, 'options.idleTimeout');
  if (typeof keepAlive !== 'boolean') throw invalidArgType('options.keepAlive', 'a boolean', keepAlive);
  if (runtime !== undefined && !(runtime instanceof Runtime)) throw invalidArgType('options.runtime', 'a Runtime from @ferrite/executor', runtime);
  const checkedDefaults = checkRequestOptions(defaults, 'options.defaults');
  if (socketPath !== undefined) {
    checkSocketPath(socketPath, 'options.socketPath');
    if (checkedDefaults.socketPath !== undefined && checkedDefaults.socketPath !== socketPath) {
      throw invalidArgValue('options.socketPath', 'the same as options.defaults.socketPath when both are given', socketPath);
    }
    checkedDefaults.socketPath = socketPath;
  }
  return { maxConnections, idleTimeout, keepAlive, runtime: runtime ?? null, defaults: checkedDefaults };
}

export function checkRequestOptions(opts: unknown, name = 'options'): RequestOptions {
  const o = checkObject(opts, name) as RequestOptions;
  for (const t of TIMEOUTS) if (o[t] !== undefined) checkTimeout(o[t], `${name}.${t}`);
  if (o.maxHeaderSize !== undefined) {
    checkInteger(o.maxHeaderSize, `${name}.maxHeaderSize`, 1);
    if (o.maxHeaderSize > MAX_HEADER_SIZE) throw outOfRange(`${name}.maxHeaderSize`, `<= ${MAX_HEADER_SIZE}`, o.maxHeaderSize);
  }
  if (o.maxBodySize !== undefined && o.maxBodySize !== Infinity) checkInteger(o.maxBodySize, `${name}.maxBodySize`, 0);
  if (o.maxRedirects !== undefined) checkInteger(o.maxRedirects, `${name}.maxRedirects`, 0);
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) throw invalidArgType(`${name}.signal`, 'an AbortSignal', o.signal);
  if (o.socketPath !== undefined) checkSocketPath(o.socketPath, `${name}.socketPath`);
  if (o.allowDowngrade !== undefined && typeof o.allowDowngrade !== 'boolean') throw invalidArgType(`${name}.allowDowngrade`, 'a boolean', o.allowDowngrade);
  const ec = o.expectContinue;
  if (ec !== undefined && typeof ec !== 'boolean') {
    if (typeof ec !== 'number') throw invalidArgType(`${name}.expectContinue`, 'a boolean or a number of bytes', ec);
    checkInteger(ec, `${name}.expectContinue`, 0);
  }
  // A copy without the options given as undefined: `{ timeout: opts.timeout }` leaves a
  // client's default in place rather than replacing it with "none".
  const checked: RequestOptions = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (checked as Record<string, unknown>)[k] = v;
  if (o.headers !== undefined) checked.headers = checkHeaders(o.headers, `${name}.headers`);
  if (o.tls !== undefined) checked.tls = checkTls(o.tls, `${name}.tls`);
  return checked;
}

/**
 * A Unix socket path that fits a sockaddr_un whole: up to 107 bytes (and its NUL), or an abstract
 * name ('\0' first) of up to 108. Checked here so the mistake is reported where it is made.
 */
function checkSocketPath(path: unknown, name: string): void {
  if (typeof path !== 'string') throw invalidArgType(name, 'a string', path);
  const abstract = path.startsWith('\0');
  const bytes = Buffer.byteLength(path);
  if (bytes === 0 || bytes > (abstract ? 108 : 107) || (!abstract && path.includes('\0'))) {
    throw invalidArgValue(name, 'a Unix socket path of 1 to 107 bytes without NUL, or an abstract name (\\0 first) of up to 108', `${bytes} bytes`);
  }
}

const VERSIONS = new Set(['TLSv1.2', 'TLSv1.3']);
const isPem = (v: unknown) => typeof v === 'string' || v instanceof Uint8Array;

/** The `tls` options, copied without those given as undefined (so they keep the client's). */
function checkTls(tls: unknown, name: string): TlsRequestOptions {
  const t = checkObject(tls, name) as TlsRequestOptions;
  if (t.ca !== undefined && !isPem(t.ca) && !(Array.isArray(t.ca) && t.ca.every(isPem))) {
    throw invalidArgType(`${name}.ca`, 'a PEM string or bytes, or an array of them', t.ca);
  }
  if (t.rejectUnauthorized !== undefined && typeof t.rejectUnauthorized !== 'boolean') throw invalidArgType(`${name}.rejectUnauthorized`, 'a boolean', t.rejectUnauthorized);
  if (t.servername !== undefined) {
    if (typeof t.servername !== 'string') throw invalidArgType(`${name}.servername`, 'a string', t.servername);
    if (t.servername.length === 0 || t.servername.length > 255) throw invalidArgValue(`${name}.servername`, 'a host name of 1..255 bytes', t.servername);
  }
  if (t.minVersion !== undefined && !VERSIONS.has(t.minVersion)) throw invalidArgValue(`${name}.minVersion`, "'TLSv1.2' or 'TLSv1.3'", t.minVersion);
  const checked: Record<string, unknown> = {};
  for (const k of ['ca', 'rejectUnauthorized', 'servername', 'minVersion'] as const) if (t[k] !== undefined) checked[k] = t[k];
  return checked as TlsRequestOptions;
}

/**
 * The request's fields as [name, value] pairs, read once here: an iterable may be one-shot (a
 * generator), and every redirect hop must send the same fields. Each entry must be a pair, so
 * that Node's flat raw form (`['X-A', '1']`) or a whole line (`['Accept: text/html']`) is
 * refused rather than destructured into `X: -` or `A: c`. Names and values are checked when the
 * request is built (ERR_HTTP_INVALID_REQUEST, before anything is sent).
 */
function checkHeaders(h: unknown, name: string): [string, string][] {
  if (h === null || typeof h !== 'object') throw invalidArgType(name, 'an object or an iterable of [name, value]', h);
  const entries: unknown[] = Symbol.iterator in h ? [...(h as Iterable<unknown>)] : Object.entries(h);
  entries.forEach((e, i) => {
    if (!Array.isArray(e) || e.length !== 2) throw invalidArgType(`${name}[${i}]`, 'a [name, value] pair', e);
  });
  return entries as [string, string][];
}

/** A URL string or URL object; what it says is checked when the request starts (ERR_HTTP_INVALID_URL). */
export function checkUrl(url: unknown): void {
  if (typeof url !== 'string' && !(url instanceof URL)) throw invalidArgType('url', 'a string or a URL', url);
}
