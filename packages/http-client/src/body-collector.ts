/**
 * BodyCollector: a response body buffered whole, as one growing Buffer (never an object per
 * chunk: a body of 1-byte chunks costs what its bytes cost).
 *
 * Memory follows data, not promises: a declared Content-Length is trusted only as a ceiling, so
 * a 40-byte head announcing 64 MiB costs at most PREALLOC until the bytes really come. And the
 * body owns its memory: `take()` returns a Uint8Array whose whole `buffer` is this body, never a
 * slice of Node's shared pool (which would expose other data through `body.buffer`).
 */
import { constants } from 'node:buffer';
import { httpError, type HttpError } from './errors.js';
import type { Sink } from './body-decoder.js';

const { MAX_LENGTH } = constants;
/** At most this much is allocated ahead of the bytes received. */
export const PREALLOC = 64 * 1024;
/** First size of a buffer for a body of unknown length. */
const FIRST = 16 * 1024;
/**
 * A declared body up to this size goes into a plain Uint8Array, which V8 keeps inside the JS heap
 * (its limit for that is 64 bytes): no malloc'd store with its own bookkeeping per small
 * response, as Buffer.allocUnsafeSlow would make.
 */
const SMALL = 64;

export class BodyCollector {
  /** The largest size the buffer may grow to: the declared length, or maxBodySize (and a Buffer's limit). */
  readonly #cap: number;
  #buf: Uint8Array | null = null;
  #at = 0;

  /** @throws ERR_HTTP_BODY_TOO_LARGE if a declared length cannot fit in one Buffer. */
  constructor(declared: number | null, maxBodySize: number) {
    if (declared !== null && declared > MAX_LENGTH) throw bodyTooLarge(declared);
    this.#cap = declared ?? Math.min(MAX_LENGTH, maxBodySize);
    if (declared !== null && declared > 0) this.#buf = declared <= SMALL ? new Uint8Array(declared) : Buffer.allocUnsafeSlow(Math.min(declared, PREALLOC));
  }

  /** Bytes allocated now (for tests and monitoring). */
  get capacity(): number {
    return this.#buf?.length ?? 0;
  }

  /** The decoder's sink, made once per body. */
  readonly sink: Sink = (chunk) => {
    const need = this.#at + chunk.length;
    let buf = this.#buf;
    if (buf === null || need > buf.length) {
      if (need > MAX_LENGTH) throw bodyTooLarge(need);
      const size = Math.max(need, Math.min(this.#cap, Math.max(FIRST, (buf?.length ?? 0) * 2)));
      const grown = Buffer.allocUnsafeSlow(size);
      if (buf !== null) grown.set(buf.subarray(0, this.#at));
      buf = this.#buf = grown;
    }
    this.#at += chunk.copy(buf, this.#at);
  };

  /** The body: a Uint8Array over an ArrayBuffer of exactly its length. */
  take(): Uint8Array {
    const buf = this.#buf;
    const n = this.#at;
    this.#buf = null;
    this.#at = 0;
    if (buf === null || n === 0) return new Uint8Array(0);
    // A small body's own Uint8Array (see SMALL): exactly its length, as its length was declared.
    if (!Buffer.isBuffer(buf)) return buf.length === n ? buf : buf.slice(0, n);
    // allocUnsafeSlow: an ArrayBuffer of the buffer's own, at offset 0. Spare room is cut off
    // (copied), as it holds uninitialised memory.
    return new Uint8Array(buf.length === n && buf.buffer.byteLength === n ? buf.buffer : buf.buffer.slice(buf.byteOffset, buf.byteOffset + n));
  }
}

/** A buffered body cannot exceed what one Buffer can hold, whatever maxBodySize allows. */
function bodyTooLarge(n: number): HttpError {
  return httpError('ERR_HTTP_BODY_TOO_LARGE', `a response body of ${n} bytes cannot be buffered (at most ${MAX_LENGTH}); use client.stream()`);
}
