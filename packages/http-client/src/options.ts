/**
 * The options of a client and of a request. Checked by the call that passes them (validate.ts):
 * timeouts are ms >= 0, where 0 and Infinity mean no limit; counts are integers.
 */
import { createHash } from 'node:crypto';
import type { Runtime } from '@ferrite/executor';
import type { TlsOptions } from '@ferrite/tls';
import type { Limits } from './exchange.js';
import type { RequestHeaders } from './request.js';

export interface ClientOptions {
  /** Connections per origin and runtime: an integer >= 1 (default 10); further requests wait for one. */
  maxConnections?: number;
  /** Idle time after which a pooled connection is not reused, ms (default 4000; 0 or Infinity: never). */
  idleTimeout?: number;
  /** Keep connections between requests (default true). */
  keepAlive?: boolean;
  /**
   * Runtime a request awaited from Node runs on (default: this thread's `defaultRuntime()`). The
   * client never closes it. Requests polled inside a runtime run on that one whatever this says.
   */
  runtime?: Runtime;
  /** Defaults for every request. */
  defaults?: RequestOptions;
  /** Every request over this Unix socket (the same as `defaults.socketPath`); see `RequestOptions.socketPath`. */
  socketPath?: string;
}

export interface RequestOptions {
  headers?: RequestHeaders;
  /**
   * Total deadline, ms, for the whole request: waiting for a free connection, connecting, sending,
   * the head, the body (a streamed body too) and every redirect (default 0: none; 0 or Infinity:
   * no limit). `ERR_HTTP_TIMEOUT`, with `phase`. Runs on the runtime's own timers, so it works
   * under `blockOn`, where Node timers and `AbortSignal.timeout` cannot fire.
   */
  timeout?: number;
  /** ms to establish the connection (default 10000; 0 or Infinity: no limit). */
  connectTimeout?: number;
  /**
   * ms from starting to write the request to the complete response head: sending (a server that
   * never reads stalls the write) and waiting (default 30000; 0 or Infinity: no limit).
   */
  headersTimeout?: number;
  /** ms of silence allowed between body chunks (default 30000; 0 or Infinity: no limit). */
  bodyTimeout?: number;
  /** Response head limit in bytes: 1..16 MiB (default 16 KiB). */
  maxHeaderSize?: number;
  /** Response body limit in bytes (default 64 MiB; Infinity: none but what a Buffer can hold). */
  maxBodySize?: number;
  /** Redirects to follow for 301/302/303/307/308 (default 0: return the 3xx response). */
  maxRedirects?: number;
  /** Aborts the request (ABORT_ERR). Node's own signals, so not under blockOn: use `timeout` there. */
  signal?: AbortSignal;
  /**
   * For `https:` (@ferrite/tls's options of the same names). On a client's `defaults` and per
   * request, merged field by field (a request's `tls.ca` keeps the client's `rejectUnauthorized`).
   * Connections are pooled per origin *and* these options: a request never reuses a connection
   * verified under other ones.
   */
  tls?: TlsRequestOptions;
  /**
   * Follow a redirect from `https:` to `http:` (default false: such a redirect fails with
   * `ERR_HTTP_REDIRECT_DOWNGRADE`, as the response to a secure request must not lead it in the clear).
   */
  allowDowngrade?: boolean;
  /**
   * Connect to this Unix domain socket instead of the URL's host and port (undici's `socketPath`,
   * curl's `--unix-socket`): a filesystem path, or a Linux abstract name starting with `'\0'`.
   * The URL's host is then only the `Host` header. Connections are pooled per origin *and* socket
   * path. A missing path fails with `ENOENT` (`syscall` 'connect', `address` the path); a path
   * longer than a socket address holds (107 bytes) is `ERR_INVALID_ARG_VALUE` here, never cut.
   * `http:` only: an `https:` URL with a `socketPath` is `ERR_HTTP_UNSUPPORTED_PROTOCOL`. Redirects
   * keep going to the same socket.
   */
  socketPath?: string;
  /**
   * When a request body asks for `Expect: 100-continue` first: `true` always, `false` never, a
   * number: when the body is larger than that many bytes or of unknown size (default 1 MiB, as
   * curl). The body then waits for the server's 100 (Continue), at most `expectTimeout`; a final
   * response before it (a 401, a 413) ends the request without sending the body.
   */
  expectContinue?: boolean | number;
  /** ms to wait for a 100 (Continue) before sending the body anyway (default 1000, as curl; 0 or Infinity: wait for it). */
  expectTimeout?: number;
}

/** Bodies larger than this, or of unknown size, ask for 100-continue unless `expectContinue` says otherwise. */
export const DEFAULT_EXPECT_THRESHOLD = 1024 * 1024;
/** ms to wait for a 100 (Continue) when `expectTimeout` is not given. */
export const DEFAULT_EXPECT_TIMEOUT = 1000;

/**
 * TLS options of a request: `ca` (PEM, replaces Node's bundled roots), `rejectUnauthorized`
 * (default true), `servername` (SNI and the name verified; default the URL's host), `minVersion`
 * (default 'TLSv1.2').
 */
export type TlsRequestOptions = Pick<TlsOptions, 'ca' | 'rejectUnauthorized' | 'servername' | 'minVersion'>;

/** The defaults, in one place: what a request's exchange enforces when the options say nothing. */
export function limitsOf(o: RequestOptions): Limits {
  return {
    maxHeaderSize: o.maxHeaderSize ?? 16 * 1024,
    maxBodySize: o.maxBodySize ?? 64 * 1024 * 1024,
    headersTimeout: o.headersTimeout ?? 30_000,
    bodyTimeout: o.bodyTimeout ?? 30_000,
  };
}

/** ms to establish a connection when `connectTimeout` is not given. */
export const DEFAULT_CONNECT_TIMEOUT = 10_000;

/** A request's options over a client's `defaults`; `tls` merged field by field, `headers` field by field too (by name). */
export function withDefaults(defaults: RequestOptions, opts: RequestOptions): RequestOptions {
  const o = { ...defaults, ...opts };
  if (defaults.tls !== undefined && opts.tls !== undefined) o.tls = { ...defaults.tls, ...opts.tls };
  if (defaults.headers !== undefined && opts.headers !== undefined) o.headers = mergeHeaders(defaults.headers, opts.headers);
  return o;
}

/**
 * The client's default fields, less those the request names (in any case), then the request's:
 * a request that adds `Accept` keeps the default `Authorization`; one that sets `authorization`
 * replaces it. Both are [name, value] arrays here (checkRequestOptions read them).
 */
function mergeHeaders(defaults: RequestHeaders, own: RequestHeaders): [string, string][] {
  const mine = own as [string, string][];
  const named = new Set(mine.map(([name]) => (typeof name === 'string' ? name.toLowerCase() : name)));
  return [...(defaults as [string, string][]).filter(([name]) => !(typeof name === 'string' && named.has(name.toLowerCase()))), ...mine];
}

const tlsKeys = new WeakMap<TlsRequestOptions, string>();

/**
 * What tells apart connections made under other TLS options, appended to an https pool's key:
 * '' for the defaults, else '#' and a digest of the options (the `ca` included). Cached per
 * options object, so a client's defaults are digested once.
 */
export function tlsKey(tls: TlsRequestOptions | undefined): string {
  if (tls === undefined) return '';
  let key = tlsKeys.get(tls);
  if (key !== undefined) return key;
  const { ca, rejectUnauthorized = true, servername = '', minVersion = 'TLSv1.2' } = tls;
  if (ca === undefined && rejectUnauthorized && servername === '' && minVersion === 'TLSv1.2') {
    key = '';
  } else {
    const h = createHash('sha256').update(JSON.stringify([rejectUnauthorized, servername, minVersion]));
    for (const pem of ca === undefined ? [] : Array.isArray(ca) ? ca : [ca]) h.update('\0').update(pem as string | Uint8Array);
    key = `#${h.digest('hex').slice(0, 16)}`;
  }
  tlsKeys.set(tls, key);
  return key;
}
