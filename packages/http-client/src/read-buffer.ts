/**
 * ReadBuffer: the bytes read from a connection and not yet consumed, `bytes[start, end)`.
 *
 * Invariants: `0 <= start <= end <= bytes.length`; only `fill` adds bytes (at `end`) and only
 * `consume` removes them (from `start`). It holds at most one response head (bounded by the
 * caller's `maxBuffered`) plus what one read brings; body bytes are handed on as they arrive, so
 * it never holds a whole body. Grown for a large head, it goes back to its first size once
 * emptied: a pooled connection does not keep the largest head it ever read.
 */
import { PENDING, type Context, type Poll } from '@ferrite/future';
import { outOfRange } from '@ferrite/future/errors';
import type { Transport } from './connection.js';

const INITIAL = 16 * 1024;

export class ReadBuffer {
  #bytes: Buffer = Buffer.allocUnsafe(INITIAL);
  #start = 0;
  #end = 0;

  /** The backing store; only `[start, end)` is data. Valid until the next `fill`. */
  get bytes(): Buffer {
    return this.#bytes;
  }

  get start(): number {
    return this.#start;
  }

  get end(): number {
    return this.#end;
  }

  /** Bytes allocated now (for tests and monitoring). */
  get capacity(): number {
    return this.#bytes.length;
  }

  /** Bytes buffered and not consumed. */
  get length(): number {
    return this.#end - this.#start;
  }

  /** Marks `n` buffered bytes as consumed. */
  consume(n: number): void {
    if (!(n >= 0 && n <= this.#end - this.#start)) throw outOfRange('n', `0..${this.length} (the bytes buffered)`, n);
    this.#start += n;
    if (this.#start !== this.#end) return;
    this.#start = this.#end = 0;
    if (this.#bytes.length > INITIAL) this.#bytes = Buffer.allocUnsafe(INITIAL);
  }

  /**
   * Reads what `stream` has into the free space, making room first (compacting, or growing up to
   * about `maxBuffered` when the unconsumed bytes fill it). Ready with the count (0 = end of stream).
   */
  fill(cx: Context, stream: Transport, maxBuffered: number): Poll<number> {
    if (this.#end === this.#bytes.length) this.#makeRoom(maxBuffered);
    const p = stream.pollRead(cx, this.#bytes.subarray(this.#end));
    if (p !== PENDING) this.#end += p.value;
    return p;
  }

  #makeRoom(maxBuffered: number): void {
    const buf = this.#bytes;
    if (this.#start > 0) {
      buf.copy(buf, 0, this.#start, this.#end);
      this.#end -= this.#start;
      this.#start = 0;
      return;
    }
    const grown = Buffer.allocUnsafe(Math.min(buf.length * 2, Math.max(maxBuffered, buf.length) + INITIAL));
    buf.copy(grown, 0, 0, this.#end);
    this.#bytes = grown;
  }
}
