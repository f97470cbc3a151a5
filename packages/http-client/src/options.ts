/**
 * The options of a client and of a request. Checked by the call that passes them (validate.ts):
 * timeouts are ms >= 0, where 0 and Infinity mean no limit; counts are integers.
 */
import type { Runtime } from '@ferrite/executor';
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
}

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
