/**
 * Body decoders for the three framings that have a body. Each consumes bytes as they arrive
 * (any split is fine), hands body bytes to `sink`, and says when the body is complete. A body
 * that ends early is an error, never a truncated success.
 */
import { httpError } from './errors.js';
import { Headers } from './headers.js';
import { ChunkLine, chunkError } from './chunk-line.js';
import { FieldLines } from './field-lines.js';
import type { Framing } from './framing.js';
import { CR, LF } from './grammar.js';

export type Sink = (chunk: Buffer) => void;

export interface BodyDecoder {
  /**
   * Consumes from `buf[start, end)`; returns the count consumed: all of it, unless the body ends
   * first (the rest belongs to whatever follows). A line split across feeds is kept in the
   * decoder's state, never handed back.
   */
  feed(buf: Buffer, start: number, end: number, sink: Sink): number;
  readonly done: boolean;
  /** The connection reached end of stream: completes the body or throws. */
  eof(): void;
  /** Chunked trailers (kept apart from the header fields). */
  readonly trailers: Headers;
}

class LengthDecoder implements BodyDecoder {
  readonly trailers = new Headers();
  #remaining: number;

  constructor(length: number) {
    this.#remaining = length;
  }

  get done(): boolean {
    return this.#remaining === 0;
  }

  feed(buf: Buffer, start: number, end: number, sink: Sink): number {
    const n = Math.min(this.#remaining, end - start);
    if (n > 0) sink(buf.subarray(start, start + n));
    this.#remaining -= n;
    return n;
  }

  eof(): void {
    if (this.#remaining > 0) {
      throw httpError('ERR_HTTP_CONTENT_LENGTH_MISMATCH', `connection closed with ${this.#remaining} body bytes missing`);
    }
  }
}

class CloseDecoder implements BodyDecoder {
  readonly trailers = new Headers();
  done = false;

  feed(buf: Buffer, start: number, end: number, sink: Sink): number {
    if (end > start) sink(buf.subarray(start, end));
    return end - start;
  }

  eof(): void {
    this.done = true;
  }
}

const St = { Size: 0, Data: 1, DataCr: 2, DataLf: 3, Trailer: 4, Done: 5 } as const;
type ChunkState = (typeof St)[keyof typeof St];

class ChunkedDecoder implements BodyDecoder {
  #state: ChunkState = St.Size;
  readonly #line = new ChunkLine();
  #remaining = 0;
  /** The trailer section (field lines), bounded like a head by maxTrailerSize. */
  readonly #trailer = new FieldLines();
  #trailerBytes = 0;
  readonly trailers = new Headers();

  constructor(readonly maxTrailerSize: number) {}

  get done(): boolean {
    return this.#state === St.Done;
  }

  // Every byte is consumed as it is checked: a line split across feeds is never read twice.
  feed(buf: Buffer, start: number, end: number, sink: Sink): number {
    let i = start;
    while (i < end && this.#state !== St.Done) {
      switch (this.#state) {
        case St.Size: {
          const next = this.#line.feed(buf, i, end);
          if (next < 0) return end - start;
          i = next;
          this.#remaining = this.#line.size;
          this.#line.reset();
          this.#state = this.#remaining === 0 ? St.Trailer : St.Data;
          break;
        }
        case St.Data: {
          const n = Math.min(this.#remaining, end - i);
          sink(buf.subarray(i, i + n));
          i += n;
          this.#remaining -= n;
          if (this.#remaining === 0) this.#state = St.DataCr;
          break;
        }
        case St.DataCr:
          if (buf[i++] !== CR) throw chunkError('chunk data not followed by CRLF');
          this.#state = St.DataLf;
          break;
        case St.DataLf:
          if (buf[i++] !== LF) throw chunkError('chunk data not followed by CRLF');
          this.#state = St.Size;
          break;
        case St.Trailer: {
          // Look at no more than the limit allows, so an oversized section fails at the limit.
          const room = this.maxTrailerSize - this.#trailerBytes;
          const to = Math.min(end, i + room);
          const next = this.#trailer.feed(buf, i, to);
          this.#trailerBytes += next - i;
          i = next;
          if (this.#trailer.done) {
            for (const [name, value] of this.#trailer.fields) this.trailers.append(name, value);
            this.#state = St.Done;
          } else if (to < end) throw httpError('ERR_HTTP_HEADERS_TOO_LARGE', `trailers exceed ${this.maxTrailerSize} bytes`);
          break;
        }
      }
    }
    return i - start;
  }

  eof(): void {
    if (this.#state !== St.Done) throw httpError('ERR_HTTP_PREMATURE_CLOSE', 'connection closed inside a chunked body');
  }
}

export function bodyDecoder(f: Framing, maxTrailerSize: number): BodyDecoder | null {
  switch (f.kind) {
    case 'none':
      return null;
    case 'length':
      return new LengthDecoder(f.length);
    case 'chunked':
      return new ChunkedDecoder(maxTrailerSize);
    case 'close':
      return new CloseDecoder();
  }
}
