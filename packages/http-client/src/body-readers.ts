/**
 * Readers of request bodies: one chunk at a time, pulled only when the previous one has been
 * written (the upload asks for the next chunk when the socket has taken the last), so a body
 * never runs ahead of the socket. A chunk stays valid until the next `pollChunk`.
 *
 * A source that fails (its iterator throws, a promise rejects, a chunk is neither bytes nor a
 * string) fails the request with ERR_HTTP_REQUEST_BODY, the source's error as `cause`. `close()`
 * stops the source (`return()` of an iterator, `cancel()` of a stream's reader) once, whether
 * the body ended, failed or was abandoned.
 *
 * These readers need no promise, so they work under `blockOn` too; the promise-based ones are in
 * async-body-readers.ts.
 */
import { PENDING, Poll, dispose, type Context, type Future } from '@ferrite/future';
import type { AsyncRead } from '@ferrite/reactor';
import { HttpError } from './errors.js';

/** A request body, chunk by chunk. */
export interface BodyReader {
  /** The next chunk (never empty), or null at the end. @throws ERR_HTTP_REQUEST_BODY */
  pollChunk(cx: Context): Poll<Uint8Array | null>;
  /** Stops the source. Idempotent. */
  close(): void;
}

export const END: Poll<null> = Poll.ready(null);
const encoder = new TextEncoder();

export function bodyError(cause: unknown): HttpError {
  const what = cause instanceof Error ? cause.message : String(cause);
  return new HttpError('ERR_HTTP_REQUEST_BODY', `the request body failed: ${what}`, { cause });
}

/** `r` if it is an iterator result (an object), else ERR_HTTP_REQUEST_BODY: `r.done` on null would be an uncoded TypeError. */
export function iterResult(r: unknown): IteratorResult<unknown> {
  if (r !== null && typeof r === 'object') return r as IteratorResult<unknown>;
  throw bodyError(new TypeError(`a body iterator's next() gave ${r === null ? 'null' : typeof r}, not an iterator result`));
}

/** A chunk as bytes; null for an empty one (skipped). */
export function toBytes(v: unknown): Uint8Array | null {
  let bytes: Uint8Array;
  if (v instanceof Uint8Array) bytes = v;
  else if (typeof v === 'string') bytes = encoder.encode(v);
  else if (ArrayBuffer.isView(v)) bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  else if (v instanceof ArrayBuffer) bytes = new Uint8Array(v);
  else throw bodyError(new TypeError(`a body chunk must be bytes or a string, got ${v === null ? 'null' : typeof v}`));
  return bytes.length === 0 ? null : bytes;
}

export class BytesReader implements BodyReader {
  #bytes: Uint8Array | null;
  constructor(bytes: Uint8Array) {
    this.#bytes = bytes.length > 0 ? bytes : null;
  }
  pollChunk(): Poll<Uint8Array | null> {
    const b = this.#bytes;
    this.#bytes = null;
    return b === null ? END : Poll.ready(b);
  }
  close(): void {
    this.#bytes = null;
  }
}

/** Calls `return()` once, swallowing what it throws or rejects with (the request already has its outcome). */
export function finish(it: Iterator<unknown> | AsyncIterator<unknown>): void {
  try {
    const r = it.return?.() as unknown;
    if (r !== null && typeof r === 'object' && typeof (r as PromiseLike<unknown>).then === 'function') {
      (r as PromiseLike<unknown>).then(undefined, () => {});
    }
  } catch {
    // see above
  }
}

/** Empty chunks a sync iterator may give in a row within one poll before the reader yields. */
const MAX_EMPTY_RUN = 1024;

export class SyncIterReader implements BodyReader {
  #it: Iterator<unknown> | null;
  constructor(it: Iterator<unknown>) {
    this.#it = it;
  }
  pollChunk(cx: Context): Poll<Uint8Array | null> {
    let empties = 0;
    for (;;) {
      const it = this.#it;
      if (it === null) return END;
      let r: unknown;
      try {
        r = it.next();
      } catch (err) {
        this.#it = null; // a throwing iterator is done: no return()
        throw bodyError(err);
      }
      try {
        r = iterResult(r);
      } catch (err) {
        this.#it = null;
        throw err;
      }
      const res = r as IteratorResult<unknown>;
      if (res.done) {
        this.#it = null;
        return END;
      }
      const bytes = toBytes(res.value);
      if (bytes !== null) return Poll.ready(bytes);
      // Empty chunks without end must not spin the thread: yield, so timers (timeouts) can run.
      if (++empties >= MAX_EMPTY_RUN) {
        cx.waker.wake();
        return PENDING;
      }
    }
  }
  close(): void {
    const it = this.#it;
    this.#it = null;
    if (it !== null) finish(it);
  }
}

/** A ferrite stream (`pollRead`): read into a buffer of its own, reused once its chunk is written. */
export class PollReadReader implements BodyReader {
  #stream: AsyncRead | null;
  readonly #buf = new Uint8Array(64 * 1024);
  constructor(stream: AsyncRead) {
    this.#stream = stream;
  }
  pollChunk(cx: Context): Poll<Uint8Array | null> {
    const s = this.#stream;
    if (s === null) return END;
    let p: Poll<number>;
    try {
      p = s.pollRead(cx, this.#buf);
    } catch (err) {
      this.#stream = null;
      throw bodyError(err);
    }
    if (p === PENDING) return PENDING;
    if (p.value === 0) {
      this.#stream = null;
      return END;
    }
    return Poll.ready(this.#buf.subarray(0, p.value));
  }
  /** The stream stays the caller's: it is not closed here. */
  close(): void {
    this.#stream = null;
  }
}

/** A `client.stream()` body: its `next()` futures, polled directly (no promise: works under blockOn too). */
export class FutureChunkReader implements BodyReader {
  #source: { next(): Future<Uint8Array | null>; cancel(): void } | null;
  #next: Future<Uint8Array | null> | null = null;
  constructor(source: { next(): Future<Uint8Array | null>; cancel(): void }) {
    this.#source = source;
  }
  pollChunk(cx: Context): Poll<Uint8Array | null> {
    for (;;) {
      const src = this.#source;
      if (src === null) return END;
      this.#next ??= src.next();
      let p: Poll<Uint8Array | null>;
      try {
        p = this.#next.poll(cx);
      } catch (err) {
        this.#next = null;
        this.#source = null;
        throw bodyError(err);
      }
      if (p === PENDING) return PENDING;
      this.#next = null;
      if (p.value === null) {
        this.#source = null;
        return END;
      }
      if (p.value.length > 0) return p;
    }
  }
  close(): void {
    const src = this.#source;
    this.#source = null;
    dispose(this.#next);
    this.#next = null;
    src?.cancel();
  }
}
