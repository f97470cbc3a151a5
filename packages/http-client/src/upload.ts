/**
 * Upload: a request body going out on a connection, after its head. The exchange calls `pump`
 * on every poll, before it reads: the body is written as far as the socket takes it (write
 * readiness from the reactor), a new chunk is pulled from the source only once the previous one
 * has been written, and the exchange then reads, so a response arriving mid-upload is seen at
 * once (and a server writing a large response while we write a large body cannot deadlock us).
 *
 * With 100-continue it waits first: for a 100 (`proceed()`), or `expectTimeout`, before the
 * first body byte; a final response meanwhile stops it (`stop()`), nothing of the body sent.
 *
 * A write that fails (the server closed or reset the connection mid-upload) does not throw here:
 * the upload stops and keeps the error (`writeError`), and the exchange goes on reading, since
 * the server's response (a 413, a 401) may be waiting in the socket. A source that fails, or a
 * body whose length differs from its Content-Length, throws: the request fails and the
 * connection is closed, the server never seeing a body that looks complete.
 */
import { PENDING, type Context } from '@ferrite/future';
import { sleep, type Sleep } from '@ferrite/reactor';
import type { BodyReader } from './body-readers.js';
import type { TlsStream } from '@ferrite/tls';
import type { Transport } from './connection.js';
import { httpError } from './errors.js';

const State = { Waiting: 0, Sending: 1, Flushing: 2, Done: 3, Stopped: 4 } as const;
type State = (typeof State)[keyof typeof State];

/** Bytes one pump may write before it yields to the other tasks (tokio's cooperative budget). */
const BUDGET = 1024 * 1024;
/**
 * Chunks up to this size are framed (chunked) into one buffer of the upload's, reused for every
 * chunk (the next is pulled only once this one has been written): one write per chunk, not three
 * (size line, data, CRLF), for the price of a copy. Larger ones go in three writes.
 */
const COALESCE = 256 * 1024;
const encoder = new TextEncoder();
const CRLF = encoder.encode('\r\n');
const LAST_CHUNK = encoder.encode('0\r\n\r\n');

export class Upload {
  readonly #reader: BodyReader;
  /** Content-Length, or -1 for chunked. */
  readonly #length: number;
  #state: State;
  #expectTimer: Sleep | null = null;
  readonly #expectMs: number;
  /** Body bytes taken from the source so far. */
  #taken = 0;
  /** Framed bytes waiting for the socket: segs[at..], the first from `off`. */
  readonly #segs: Uint8Array[] = [];
  #at = 0;
  #off = 0;
  /** The framing buffer (chunked), made at the first chunk that needs it. */
  #frameBuf: Uint8Array | null = null;
  /** performance.now() of the latest byte the socket took (the head's timer runs from it). */
  lastProgress = performance.now();
  /** The write error that stopped the upload, if one did. */
  writeError: unknown = null;

  /** `length` -1: chunked. `expectMs` null: no 100-continue; 0 or Infinity: wait with no limit. */
  constructor(reader: BodyReader, length: number, expectMs: number | null) {
    this.#reader = reader;
    this.#length = length;
    this.#expectMs = expectMs ?? 0;
    this.#state = expectMs === null ? State.Sending : State.Waiting;
  }

  /** Still has something to send (or waits for 100-continue). */
  get active(): boolean {
    return this.#state < State.Done;
  }

  /** Waiting for a 100 before the first body byte. */
  get waiting(): boolean {
    return this.#state === State.Waiting;
  }

  /** Every byte of the body was written (and flushed). */
  get complete(): boolean {
    return this.#state === State.Done;
  }

  /** A 100 (Continue) arrived: send the body now. */
  proceed(): void {
    if (this.#state !== State.Waiting) return;
    this.#state = State.Sending;
    this.#disposeTimer();
  }

  /**
   * A final response while the body is still going out: an error status, a response that closes
   * the connection, or any answer to a request still waiting for 100-continue means the server
   * does not want (the rest of) the body (RFC 9110 §10.1.1, RFC 9112 §9.5): stop sending. A 2xx
   * or 3xx keeps the upload going beside the response (a server may answer before reading all).
   */
  onResponse(status: number, closes: boolean): void {
    if (this.active && (this.waiting || status >= 400 || closes)) this.stop();
  }

  /** Sends nothing more; the source is stopped. Idempotent. */
  stop(): void {
    if (this.#state >= State.Done) return;
    this.#state = State.Stopped;
    this.#disposeTimer();
    this.#segs.length = 0;
    this.#reader.close();
  }

  /** Writes what the socket takes now. @throws ERR_HTTP_REQUEST_BODY, ERR_HTTP_CONTENT_LENGTH_MISMATCH */
  pump(cx: Context, stream: Transport): void {
    if (this.#state === State.Waiting && !this.#expired(cx)) return;
    let budget = BUDGET;
    try {
      for (;;) {
        const segs = this.#segs;
        while (this.#at < segs.length) {
          const seg = segs[this.#at]!;
          const p = this.#write(cx, stream, this.#off === 0 ? seg : seg.subarray(this.#off));
          if (p < 0) return;
          this.#off += p;
          budget -= p;
          if (this.#off === seg.length) {
            this.#at++;
            this.#off = 0;
          }
          if (budget <= 0) {
            cx.waker.wakeByRef();
            return;
          }
        }
        segs.length = 0;
        this.#at = 0;
        if (this.#state === State.Flushing) {
          if ('pollFlush' in stream && this.#flush(cx, stream) === PENDING) return;
          this.#state = State.Done;
          this.#reader.close();
          return;
        }
        if (this.#state !== State.Sending) return;
        const p = this.#reader.pollChunk(cx);
        if (p === PENDING) return;
        this.lastProgress = performance.now(); // a chunk from the source is progress too
        this.#frame(p.value);
      }
    } catch (err) {
      this.stop();
      throw err;
    }
  }

  /** Queues `chunk` (null: the end) with its framing, enforcing the declared length. */
  #frame(chunk: Uint8Array | null): void {
    const segs = this.#segs;
    const length = this.#length;
    if (chunk === null) {
      if (length >= 0 && this.#taken !== length) throw mismatch(length, `the body ended after ${this.#taken} bytes`);
      if (length < 0) segs.push(LAST_CHUNK);
      this.#state = State.Flushing;
      return;
    }
    this.#taken += chunk.length;
    if (length >= 0) {
      if (this.#taken > length) throw mismatch(length, `the body has more (${this.#taken} bytes so far)`);
      segs.push(chunk);
      return;
    }
    const size = encoder.encode(`${chunk.length.toString(16)}\r\n`);
    if (chunk.length > COALESCE) {
      segs.push(size, chunk, CRLF);
      return;
    }
    const n = size.length + chunk.length + 2;
    if (this.#frameBuf === null || this.#frameBuf.length < n) this.#frameBuf = new Uint8Array(Math.max(n, 16 * 1024));
    const framed = this.#frameBuf.subarray(0, n);
    framed.set(size, 0);
    framed.set(chunk, size.length);
    framed.set(CRLF, size.length + chunk.length);
    segs.push(framed);
  }

  /** One write: bytes taken, or -1 when pending or failed (then stopped, with `writeError`). */
  #write(cx: Context, stream: Transport, buf: Uint8Array): number {
    try {
      const p = stream.pollWrite(cx, buf);
      if (p === PENDING) return -1;
      this.lastProgress = performance.now();
      return p.value;
    } catch (err) {
      this.#failed(err);
      return -1;
    }
  }

  /** TLS keeps ciphertext until the socket takes it: the body is complete once it has all gone. */
  #flush(cx: Context, stream: TlsStream): typeof PENDING | null {
    try {
      return stream.pollFlush(cx) === PENDING ? PENDING : null;
    } catch (err) {
      this.#failed(err);
      return PENDING;
    }
  }

  #failed(err: unknown): void {
    this.writeError = err;
    this.stop();
  }

  /** 100-continue not answered within expectMs: send anyway (RFC 9110 §10.1.1). */
  #expired(cx: Context): boolean {
    const ms = this.#expectMs;
    if (!(ms > 0) || ms === Infinity) return false;
    this.#expectTimer ??= sleep(ms);
    if (this.#expectTimer.poll(cx) === PENDING) return false;
    this.proceed();
    return true;
  }

  #disposeTimer(): void {
    this.#expectTimer?.[Symbol.dispose]();
    this.#expectTimer = null;
  }
}

function mismatch(length: number, what: string) {
  return httpError('ERR_HTTP_CONTENT_LENGTH_MISMATCH', `the request declared Content-Length: ${length}, but ${what}`);
}
