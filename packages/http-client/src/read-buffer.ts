/**
 * ReadBuffer: the bytes read from a connection and not yet consumed, `bytes[start, end)`.
 *
 * Invariants: `0 <= start <= end <= bytes.length`; only `fill` adds bytes (at `end`) and only
 * `consume` removes them (from `start`). It holds at most one response head (bounded by the
 * caller's `maxBuffered`) plus what one read brings; body bytes are handed on as they arrive, so
 * it never holds a whole body.
 *
 * Memory: a connection waiting for its response holds no buffer at all. Every connection of the
 * thread reads into one shared scratch buffer, and almost always consumes what it read before it
 * returns (the head is parsed, body bytes are copied out by the sink). Only a connection left
 * holding unconsumed bytes (a head split across reads, a body cut by the poll budget) gets a
 * buffer of its own, sized to those bytes, and only when another connection claims the scratch;
 * its next fill moves them back into the scratch. A head larger than the scratch grows a buffer
 * of its own up to about `maxBuffered`, dropped once emptied. So 10,000 waiting requests cost no
 * read buffers, and a pooled connection keeps none.
 *
 * The scratch is module state, and a worker thread loads its own copy of this module: it is per
 * thread, never shared across threads. Bytes in it are valid only until the next `fill` of any
 * connection of the thread, which is why sinks copy the chunks they keep.
 */
import { PENDING, type Context, type Poll } from '@ferrite/future';
import { outOfRange } from '@ferrite/future/errors';
import type { Transport } from './connection.js';

/** The scratch's size: what one read can bring. */
const SCRATCH = 16 * 1024;
/** Held bytes up to this many go back into the scratch at the next fill (leaving room to read). */
const REATTACH = SCRATCH / 2;
const EMPTY = Buffer.alloc(0);

/** The thread's scratch, and the ReadBuffer whose bytes (if any) are in it. */
const scratch: { bytes: Buffer | null; owner: ReadBuffer | null } = { bytes: null, owner: null };

export class ReadBuffer {
  /** A buffer of its own, only while it holds bytes the scratch cannot keep; else null. */
  #own: Buffer | null = null;
  #start = 0;
  #end = 0;

  /** The backing store; only `[start, end)` is data. Valid until the next `fill` of any ReadBuffer. */
  get bytes(): Buffer {
    return this.#own ?? (this.#end > 0 ? scratch.bytes! : EMPTY);
  }

  get start(): number {
    return this.#start;
  }

  get end(): number {
    return this.#end;
  }

  /** Bytes allocated for this connection alone now, the shared scratch not counted (for tests and monitoring). */
  get capacity(): number {
    return this.#own?.length ?? 0;
  }

  /** Bytes buffered and not consumed. */
  get length(): number {
    return this.#end - this.#start;
  }

  /** Marks `n` buffered bytes as consumed; once all are, any buffer of its own is dropped. */
  consume(n: number): void {
    if (!(n >= 0 && n <= this.#end - this.#start)) throw outOfRange('n', `0..${this.length} (the bytes buffered)`, n);
    this.#start += n;
    if (this.#start !== this.#end) return;
    this.#start = this.#end = 0;
    this.#own = null;
  }

  /**
   * The connection is closed: what it held is dropped, with any buffer of its own, and it gives
   * up the scratch, so that the next connection to read moves no bytes out for it.
   */
  release(): void {
    this.#start = this.#end = 0;
    this.#own = null;
    if (scratch.owner === this) scratch.owner = null;
  }

  /**
   * Reads what `stream` has into the free space, making room first (into the scratch when what
   * it holds fits there, else compacting, or growing up to about `maxBuffered`). Ready with the
   * count (0 = end of stream).
   */
  fill(cx: Context, stream: Transport, maxBuffered: number): Poll<number> {
    const own = this.#own;
    if (own === null) {
      if (this.#end === 0) this.#claim(); // nothing held
      else if (this.#end === SCRATCH) this.#makeRoom(maxBuffered);
    } else if (this.#end - this.#start <= REATTACH) this.#claim();
    else if (this.#end === own.length) this.#makeRoom(maxBuffered);
    const buf = this.#own ?? scratch.bytes!;
    const p = stream.pollRead(cx, this.#end === 0 ? buf : buf.subarray(this.#end));
    if (p !== PENDING) this.#end += p.value;
    return p;
  }

  /**
   * Takes the scratch (its previous owner moves the bytes it holds there out first), moving in
   * what this buffer holds in a buffer of its own.
   */
  #claim(): void {
    const s = scratch;
    const prev = s.owner;
    if (prev !== this) {
      if (prev !== null) prev.#detach();
      s.owner = this;
    }
    const bytes = (s.bytes ??= Buffer.allocUnsafeSlow(SCRATCH));
    const own = this.#own;
    if (own === null) return;
    own.copy(bytes, 0, this.#start, this.#end);
    this.#own = null;
    this.#end -= this.#start;
    this.#start = 0;
  }

  /** Another connection takes the scratch: the bytes held in it move to a buffer sized to them. */
  #detach(): void {
    if (this.#own !== null || this.#end === this.#start) return;
    this.#own = Buffer.from(scratch.bytes!.subarray(this.#start, this.#end));
    this.#end -= this.#start;
    this.#start = 0;
  }

  /** Full: compacts in place, or (a head filling it whole) moves the bytes into a larger buffer of its own. */
  #makeRoom(maxBuffered: number): void {
    const from = this.#own ?? scratch.bytes!;
    if (this.#start > 0) {
      from.copy(from, 0, this.#start, this.#end);
    } else {
      const size = Math.max(from.length, SCRATCH);
      this.#own = Buffer.allocUnsafe(Math.min(size * 2, Math.max(maxBuffered, size) + SCRATCH));
      from.copy(this.#own, 0, this.#start, this.#end);
    }
    this.#end -= this.#start;
    this.#start = 0;
  }
}
