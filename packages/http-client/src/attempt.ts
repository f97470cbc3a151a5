/**
 * Attempt: one request to one URL, up to its final response head. Takes a connection from the
 * pool (or the right to open one), connects, runs the Exchange, and retries once, on a new
 * connection, an idempotent request whose reused connection turned out to be dead.
 *
 * Ready with the Exchange, head in: its body, and giving its connection back (`giveBack`), are
 * the caller's. Disposed before that, it gives back (closes) whatever it holds.
 */
import { debuglog } from 'node:util';
import { BaseFuture, PENDING, Poll, dispose, type Context, type Future } from '@ferrite/future';
import { timeout, TimeoutError } from '@ferrite/reactor';
import type { TlsRequestOptions } from './options.js';
import { Connection, type Transport } from './connection.js';
import { Dial } from './dial.js';
import { httpError, type RequestPhase } from './errors.js';
import { Exchange, type Limits } from './exchange.js';
import type { Lease, Pool } from './pool.js';
import type { Method } from './request.js';
import type { BodySpec } from './request-body.js';
import type { Target } from './url.js';
import { Upload } from './upload.js';

const debug = debuglog('ferrite:http');

/**
 * Errors of a write or read on a connection the server had already dropped (over TLS, a close
 * without close_notify is ERR_TLS_TRUNCATED).
 */
const DEAD_CONNECTION = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_TLS_TRUNCATED']);

/** What one attempt sends, where, and under which limits. */
export interface Plan {
  method: Method;
  target: Target;
  /** The serialised request. */
  request: Uint8Array;
  limits: Limits;
  /** ms; 0 or Infinity: no limit. */
  connectTimeout: number;
  /** Close the connection after this response: the request sends `Connection: close` (`keepAlive: false`, or the caller's header). */
  closeAfter: boolean;
  /** `https:`: the handshake's options (the pool is keyed by them). */
  tls: TlsRequestOptions | undefined;
  /** Connect to this Unix socket instead of the target's host and port (the pool is keyed by it). */
  socketPath: string | undefined;
  /** The body still to send after `request` (null: none, or it went with the head), and how. */
  upload: { body: BodySpec; length: number; expectMs: number | null } | null;
  /**
   * A dead pooled connection may be retried: an idempotent method (RFC 9110 §9.2.2) whose body,
   * if any, can be sent again. POST and PATCH never are.
   */
  retryable: boolean;
}

const Step = { Acquire: 0, Connect: 1, Head: 2 } as const;
type Step = (typeof Step)[keyof typeof Step];
const PHASE: Record<Step, RequestPhase> = ['queue', 'connect', 'headers'];

export class Attempt extends BaseFuture<Exchange> {
  readonly pool: Pool;
  readonly plan: Plan;
  #step: Step = Step.Acquire;
  #acquire: Future<Lease> | null;
  #connect: Future<Transport> | null = null;
  #exchange: Exchange | null = null;
  /** The connection came from the pool (it may have died while idle). */
  #reused = false;
  #retried = false;

  constructor(pool: Pool, plan: Plan) {
    super();
    this.pool = pool;
    this.plan = plan;
    this.#acquire = pool.acquire();
  }

  /** Where the attempt is, for the total timeout's `phase`. */
  get phase(): RequestPhase {
    return PHASE[this.#step];
  }

  protected pollOnce(cx: Context): Poll<Exchange> {
    for (;;) {
      switch (this.#step) {
        case Step.Acquire: {
          const p = this.#acquire!.poll(cx);
          if (p === PENDING) return PENDING;
          this.#acquire = null;
          this.#reused = p.value.conn !== null;
          if (p.value.conn !== null) this.#start(p.value.conn);
          else this.#dial();
          break;
        }
        case Step.Connect: {
          let p: Poll<Transport>;
          try {
            p = this.#connect!.poll(cx);
          } catch (err) {
            this.#connect = null;
            this.pool.release(null, false);
            if (err instanceof TimeoutError) throw httpError('ERR_HTTP_CONNECT_TIMEOUT', `connect to ${this.plan.target.origin} timed out`);
            throw err;
          }
          if (p === PENDING) return PENDING;
          this.#connect = null;
          debug('connected to %s', this.plan.target.origin);
          this.#start(new Connection(p.value, this.plan.target.origin));
          break;
        }
        case Step.Head: {
          const ex = this.#exchange!;
          let p: Poll<unknown>;
          try {
            p = ex.pollHead(cx);
          } catch (err) {
            if (!this.#retryable(ex, err)) throw err;
            debug('retrying %s %s on a new connection after %s', this.plan.method, this.plan.target.href, (err as { code?: string }).code);
            this.#retried = true;
            this.#exchange = null;
            giveBack(this.pool, ex, false, 0);
            this.#acquire = this.pool.acquire(true);
            this.#step = Step.Acquire;
            break;
          }
          if (p === PENDING) return PENDING;
          this.#exchange = null;
          return Poll.ready(ex);
        }
      }
    }
  }

  #dial(): void {
    const { target, tls, socketPath } = this.plan;
    // The reactor's connect tries each address in turn; its errors name the address and port.
    // https: the handshake offers the pool's latest session, to resume it.
    const dial = new Dial(target, target.secure ? { ...tls, session: this.pool.session } : null, socketPath);
    const ms = this.plan.connectTimeout;
    this.#connect = ms > 0 && ms !== Infinity ? timeout(dial, ms) : dial;
    this.#step = Step.Connect;
  }

  #start(conn: Connection): void {
    const { request, method, limits, closeAfter, upload } = this.plan;
    // Each attempt reads its body from the start (a retried one is replayable).
    const up = upload === null ? null : new Upload(upload.body.open(), upload.length, upload.expectMs);
    this.#exchange = new Exchange(conn, request, method, limits, closeAfter, up);
    this.#step = Step.Head;
  }

  /**
   * Only on a reused connection, with no response byte seen, once: the server closed it (end of
   * stream before any byte) or it was already dead (reset, broken pipe). Only an idempotent
   * request whose body can be sent again (`plan.retryable`).
   */
  #retryable(ex: Exchange, err: unknown): boolean {
    if (this.#retried || !this.#reused || ex.gotBytes || !this.plan.retryable) return false;
    return ex.closedBeforeResponse || DEAD_CONNECTION.has((err as { code?: unknown }).code as string);
  }

  protected override release(): void {
    dispose(this.#acquire);
    this.#acquire = null;
    if (this.#connect !== null) {
      dispose(this.#connect);
      this.#connect = null;
      this.pool.release(null, false);
    }
    const ex = this.#exchange;
    this.#exchange = null;
    if (ex !== null) giveBack(this.pool, ex, false, 0);
  }
}

/**
 * The exchange is over (or abandoned): its timers go, and its connection goes back to `pool`,
 * kept for reuse only if `reusable` and the response was read to its end, else closed.
 */
export function giveBack(pool: Pool, ex: Exchange, reusable: boolean, idleTimeout: number): void {
  ex.dispose();
  pool.release(ex.conn, reusable && ex.done, keepAliveMs(ex, idleTimeout));
}

/** How long an idle connection may be kept: `idleTimeout`, or less if the server says so. */
function keepAliveMs(ex: Exchange, idleTimeout: number): number {
  const m = /timeout=(\d+)/i.exec(ex.head?.headers.get('keep-alive') ?? '');
  // Leave a second of margin before the server's own keep-alive timeout (as undici does).
  return m === null ? idleTimeout : Math.min(idleTimeout, Number(m[1]) * 1000 - 1000);
}
