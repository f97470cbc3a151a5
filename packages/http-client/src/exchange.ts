/**
 * Exchange: one request and its response on one connection. Writes the request, reads the head
 * (skipping interim 1xx responses), then the body through the framing's decoder, with the
 * headers and body-idle timeouts. It decides whether the connection may be reused.
 *
 * A server that always has more to send must not hold the thread: one poll reads at most
 * POLL_BUDGET bytes from the socket, then wakes its own task and returns PENDING (tokio's
 * cooperative budget), so timers, the total deadline, other tasks and Node's loop get their turn.
 */
import { PENDING, Poll, type Context } from '@ferrite/future';
import { sleep, type Sleep } from '@ferrite/reactor';
import { bodyDecoder, type BodyDecoder, type Sink } from './body-decoder.js';
import type { Connection } from './connection.js';
import { httpError } from './errors.js';
import { framing } from './framing.js';
import { HeadParser, type ResponseHead } from './parse-head.js';
import type { Method } from './request.js';
import { Headers } from './headers.js';
import type { Upload } from './upload.js';

export interface Limits {
  maxHeaderSize: number;
  maxBodySize: number;
  headersTimeout: number;
  bodyTimeout: number;
}

/** Work one poll may do before it yields (see above): bytes read or decoded, ... */
const POLL_BUDGET = 64 * 1024;
/** ... where each decoded chunk counts as this many bytes besides its own. */
const CHUNK_COST = 256;
/** Bytes decoded between two looks at the budget. */
const FEED_WINDOW = 4 * 1024;
/** Interim (1xx) responses allowed before the final one: a server cannot loop on 100 Continue. */
export const MAX_INTERIM = 100;

const Phase = { Write: 0, Head: 1, Body: 2, Done: 3 } as const;
type Phase = (typeof Phase)[keyof typeof Phase];

export class Exchange {
  readonly conn: Connection;
  readonly #request: Uint8Array;
  readonly #method: Method;
  readonly #limits: Limits;
  #phase: Phase = Phase.Write;
  #written = 0;
  #timer: Sleep | null = null;
  #decoder: BodyDecoder | null = null;
  #bodyBytes = 0;
  #sink: Sink | null = null;
  /** Chunks handed to the sink by the latest feed. */
  #delivered = 0;
  /** performance.now() of the last body data (or of the head), for the body idle timeout. */
  #lastData = 0;
  /** Interim (1xx) responses skipped so far. */
  #interim = 0;
  /**
   * Reads each head as it arrives (it keeps its place between polls); made at the first response
   * byte, so a request still waiting for its response does not carry one.
   */
  #headParser: HeadParser | null = null;
  head: ResponseHead | null = null;
  /** Some response byte arrived: a failure is then never retried. */
  gotBytes = false;
  /**
   * The server ended the connection (end of stream) before any response byte: on a reused
   * connection the request never reached a live server, so it may be retried (see Attempt).
   */
  closedBeforeResponse = false;
  /** The connection may carry another request once this one is done. */
  reusable = false;
  /** The body's length when the response declares it (Content-Length), else null. */
  bodyLength: number | null = null;
  #closeAfter = false;
  /** The request body still to send after the head, if any (see upload.ts). */
  readonly #upload: Upload | null;

  constructor(conn: Connection, request: Uint8Array, method: Method, limits: Limits, closeAfter: boolean, upload: Upload | null = null) {
    this.conn = conn;
    this.#request = request;
    this.#method = method;
    this.#limits = limits;
    this.#closeAfter = closeAfter;
    this.#upload = upload;
  }

  get trailers(): Headers {
    return this.#decoder?.trailers ?? new Headers();
  }

  get done(): boolean {
    return this.#phase === Phase.Done;
  }

  /**
   * Writes the request and reads up to the final response head. headersTimeout runs from the
   * first write: a server that reads nothing (a request stuck in the send buffer) is caught too.
   */
  pollHead(cx: Context): Poll<ResponseHead> {
    const conn = this.conn;
    if (this.#phase === Phase.Write && this.#written === 0 && this.#timer === null) this.#resetTimer(this.#limits.headersTimeout, cx);
    while (this.#phase === Phase.Write) {
      const p = conn.stream.pollWrite(cx, this.#request.subarray(this.#written));
      if (p === PENDING) {
        this.#checkHeadersTimer(cx);
        return PENDING;
      }
      this.#written += p.value;
      if (this.#written === this.#request.length) this.#phase = Phase.Head;
    }
    const up = this.#upload;
    if (up !== null && up.active) up.pump(cx, conn.stream);
    const input = conn.input;
    let budget = POLL_BUDGET;
    while (this.#phase === Phase.Head) {
      const parsed = input.length === 0 ? null : (this.#headParser ??= new HeadParser()).parse(input.bytes, input.start, input.end, this.#limits.maxHeaderSize);
      if (parsed !== null) {
        input.consume(parsed.next - input.start);
        const { head } = parsed;
        if (head.status === 101) throw httpError('ERR_HTTP_UNEXPECTED_UPGRADE', 'unexpected 101 Switching Protocols');
        if (head.status < 200) {
          // Interim response: the final one follows, unless the server never stops sending them.
          if (++this.#interim > MAX_INTERIM) {
            throw httpError('ERR_HTTP_TOO_MANY_INTERIM_RESPONSES', `more than ${MAX_INTERIM} interim (1xx) responses`);
          }
          if (head.status === 100 && up !== null && up.waiting) {
            up.proceed();
            up.pump(cx, conn.stream);
          }
          continue;
        }
        this.head = head;
        if (up !== null) up.onResponse(head.status, (head.headers.get('connection') ?? '').toLowerCase().includes('close'));
        const f = framing(this.#method, head);
        this.bodyLength = f.kind === 'length' ? f.length : f.kind === 'none' ? 0 : null;
        if (this.bodyLength !== null && this.bodyLength > this.#limits.maxBodySize) {
          throw httpError('ERR_HTTP_BODY_TOO_LARGE', `response body of ${this.bodyLength} bytes exceeds ${this.#limits.maxBodySize}`);
        }
        this.#decoder = bodyDecoder(f, this.#limits.maxHeaderSize);
        this.#phase = this.#decoder === null ? Phase.Done : Phase.Body;
        // The body timer is armed only when the body has to be waited for (see #checkBodyTimer):
        // a body that came with its head costs no timer.
        this.#disposeTimer();
        this.#lastData = performance.now();
        if (this.#phase === Phase.Done) this.#finish();
        return Poll.ready(head);
      }
      const p = this.#fill(cx, this.#limits.maxHeaderSize);
      if (p === PENDING) {
        this.#checkHeadersTimer(cx);
        return PENDING;
      }
      if (p.value === 0) {
        if (this.gotBytes || input.length > 0) throw httpError('ERR_HTTP_PREMATURE_CLOSE', 'connection closed inside the response head');
        this.closedBeforeResponse = true;
        // Mid-upload, the write that failed says more (EPIPE, ECONNRESET) than the end of stream.
        if (up?.writeError) throw up.writeError;
        throw httpError('ERR_HTTP_PREMATURE_CLOSE', 'connection closed before any response byte');
      }
      this.gotBytes = true;
      if ((budget -= p.value) <= 0) return this.#yield(cx);
    }
    return Poll.ready(this.head!);
  }

  /**
   * Reads body bytes, handing them to `sink`; Ready once the body is complete. With `oneChunk`,
   * returns after the first delivery (streaming: bounded memory).
   */
  pollBody(cx: Context, sink: Sink, oneChunk = false): Poll<void> {
    const input = this.conn.input;
    const decoder = this.#decoder!;
    this.#sink = sink;
    // An early 2xx response: the server still reads the body, which goes on beside the response's.
    const up = this.#upload;
    if (up !== null && up.active) up.pump(cx, this.conn.stream);
    let budget = POLL_BUDGET;
    while (this.#phase === Phase.Body) {
      this.#delivered = 0;
      let n = 0;
      const avail = input.length;
      if (avail > 0) {
        // A window at a time, so that the budget is checked between windows (a decoder takes
        // every byte it is given until the body ends: a line split across windows is kept in its
        // state). A streaming read (oneChunk) returns after this feed anyway: it takes
        // everything buffered, not 4 KiB.
        n = decoder.feed(input.bytes, input.start, input.start + (oneChunk ? avail : Math.min(avail, FEED_WINDOW)), (this.#onChunk ??= this.#chunkSink()));
        input.consume(n);
      }
      if (decoder.done) {
        this.#phase = Phase.Done;
        this.#finish();
        break;
      }
      if (this.#delivered > 0 && oneChunk) return Poll.ready(undefined);
      // Each delivered chunk costs more than its bytes: 1-byte chunks cannot buy a long poll.
      budget -= n + this.#delivered * CHUNK_COST;
      if (budget <= 0) return this.#yield(cx);
      if (n > 0 && input.length > 0) continue; // more buffered bytes to decode first
      const p = this.#fill(cx, 64 * 1024);
      if (p === PENDING) {
        this.#checkBodyTimer(cx);
        return PENDING;
      }
      if (p.value === 0) {
        decoder.eof();
        this.#phase = Phase.Done;
        this.reusable = false;
        break;
      }
      // Body idle timeout: note the time only; the timer itself is re-armed when it fires.
      this.#lastData = performance.now();
    }
    this.#sink = null;
    this.#disposeTimer();
    return Poll.ready(undefined);
  }

  /** The decoder's sink, made once per exchange (not per poll), at its first body bytes. */
  #onChunk: Sink | null = null;

  #chunkSink(): Sink {
    return (chunk) => {
      this.#bodyBytes += chunk.length;
      if (this.#bodyBytes > this.#limits.maxBodySize) {
        throw httpError('ERR_HTTP_BODY_TOO_LARGE', `response body exceeds ${this.#limits.maxBodySize} bytes`);
      }
      this.#delivered++;
      this.#sink!(chunk);
    };
  }

  /**
   * The body timer runs from the last data. It is armed the first time the body is waited for
   * (for what remains of `bodyTimeout` since the last data), and rather than re-created for
   * every chunk, only re-armed (for what remains) when it fires early.
   */
  #checkBodyTimer(cx: Context): void {
    const ms = this.#limits.bodyTimeout;
    if (this.#timer === null && ms > 0 && ms !== Infinity) this.#timer = sleep(Math.max(0, ms - (performance.now() - this.#lastData)));
    while (this.#timer !== null && this.#timer.poll(cx) !== PENDING) {
      const idle = performance.now() - this.#lastData;
      if (idle >= ms) {
        this.#timer = null;
        throw httpError('ERR_HTTP_BODY_TIMEOUT', `no body data within ${ms} ms`);
      }
      this.#timer = sleep(ms - idle);
    }
  }

  /** Budget spent: checks the phase's timer, wakes this task again and lets the others run. */
  #yield(cx: Context): Poll<never> {
    if (this.#phase === Phase.Head) this.#checkHeadersTimer(cx);
    else this.#checkBodyTimer(cx);
    cx.waker.wakeByRef();
    return PENDING;
  }

  /** Releases the timer; the caller closes or pools the connection. */
  dispose(): void {
    this.#disposeTimer();
    this.#upload?.stop();
  }

  #fill(cx: Context, maxBuffered: number): Poll<number> {
    return this.conn.input.fill(cx, this.conn.stream, maxBuffered);
  }

  #finish(): void {
    this.#disposeTimer();
    const head = this.head!;
    const keepAlive = keepsAlive(head);
    // Bytes after a complete response, with nothing asked: the connection cannot be trusted.
    // Nor can one whose request body was cut short: the server may still be reading it.
    const up = this.#upload;
    if (up !== null && up.active) up.stop();
    const clean = this.conn.input.length === 0 && (up === null || up.complete);
    this.reusable = keepAlive && clean && !this.#closeAfter;
  }

  /** While a body is sent, headersTimeout is the silence allowed: it runs from the latest byte the socket took. */
  #checkHeadersTimer(cx: Context): void {
    const ms = this.#limits.headersTimeout;
    while (this.#timer !== null && this.#timer.poll(cx) !== PENDING) {
      const idle = this.#upload === null ? ms : performance.now() - this.#upload.lastProgress;
      if (idle >= ms) {
        this.#timer = null;
        throw httpError('ERR_HTTP_HEADERS_TIMEOUT', `no response head within ${ms} ms`);
      }
      this.#timer = sleep(ms - idle);
    }
  }

  /** A Sleep starts counting when first polled: poll it now, or a busy connection never arms it. */
  #resetTimer(ms: number, cx: Context): void {
    this.#disposeTimer();
    this.#timer = timerFor(ms);
    this.#timer?.poll(cx);
  }

  #disposeTimer(): void {
    this.#timer?.[Symbol.dispose]();
    this.#timer = null;
  }
}

/** RFC 9112 §9.3: HTTP/1.1 persists unless `Connection: close`; HTTP/1.0 only with `keep-alive`. */
function keepsAlive(head: ResponseHead): boolean {
  const values = head.headers.valuesOf('connection');
  if (values === undefined) return head.minor >= 1; // the common case, without building a token list
  const tokens = values.join(', ').toLowerCase().split(',').map((t) => t.trim());
  return head.minor >= 1 ? !tokens.includes('close') : tokens.includes('keep-alive');
}

function timerFor(ms: number): Sleep | null {
  return ms > 0 && ms !== Infinity ? sleep(ms) : null;
}

