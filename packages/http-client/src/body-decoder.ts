/**
 * Body decoders for the three framings that have a body. Each consumes bytes as they arrive
 * (any split is fine), hands body bytes to `sink`, and says when the body is complete. A body
 * that ends early is an error, never a truncated success.
 */
import { httpError } from './errors.js';
import { Headers } from './headers.js';
import { parseField } from './parse-head.js';
import type { Framing } from './framing.js';

export type Sink = (chunk: Buffer) => void;

export interface BodyDecoder {
  /** Consumes from `buf[start, end)`; returns the count consumed. */
  feed(buf: Buffer, start: number, end: number, sink: Sink): number;
  readonly done: boolean;
  /** The connection reached end of stream: completes the body or throws. */
  eof(): void;
  /** Chunked trailers (kept apart from the header fields). */
  readonly trailers: Headers;
}

const MAX_CHUNK_LINE = 4096; // size + extensions: extensions are ignored, but bounded

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

const enum_ = { Size: 0, Data: 1, DataEnd: 2, Trailer: 3, Done: 4 } as const;
type ChunkState = (typeof enum_)[keyof typeof enum_];

class ChunkedDecoder implements BodyDecoder {
  readonly trailers = new Headers();
  #state: ChunkState = enum_.Size;
  #remaining = 0;
  #trailerBytes = 0;

  constructor(readonly maxTrailerSize: number) {}

  get done(): boolean {
    return this.#state === enum_.Done;
  }

  feed(buf: Buffer, start: number, end: number, sink: Sink): number {
    let i = start;
    while (i < end && this.#state !== enum_.Done) {
      switch (this.#state) {
        case enum_.Size: {
          const nl = buf.indexOf(10, i);
          if (nl < 0 || nl >= end) {
            if (end - i > MAX_CHUNK_LINE) throw chunkError('chunk size line too long');
            return i - start;
          }
          if (nl - i > MAX_CHUNK_LINE) throw chunkError('chunk size line too long');
          if (nl === i || buf[nl - 1] !== 13) throw chunkError('chunk size line must end in CRLF');
          const line = buf.toString('latin1', i, nl - 1);
          const m = /^([0-9A-Fa-f]+)[ \t]*(?:;[^\r\n\x00]*)?$/.exec(line);
          // 13 hex digits stay below 2^53: anything longer overflows a safe integer.
          if (m === null || m[1]!.replace(/^0+(?=.)/, '').length > 13) throw chunkError(`invalid chunk size line ${JSON.stringify(line.slice(0, 40))}`);
          this.#remaining = parseInt(m[1]!, 16);
          this.#state = this.#remaining === 0 ? enum_.Trailer : enum_.Data;
          i = nl + 1;
          break;
        }
        case enum_.Data: {
          const n = Math.min(this.#remaining, end - i);
          sink(buf.subarray(i, i + n));
          i += n;
          this.#remaining -= n;
          if (this.#remaining === 0) this.#state = enum_.DataEnd;
          break;
        }
        case enum_.DataEnd: {
          if (end - i < 2) return i - start;
          if (buf[i] !== 13 || buf[i + 1] !== 10) throw chunkError('chunk data not followed by CRLF');
          i += 2;
          this.#state = enum_.Size;
          break;
        }
        case enum_.Trailer: {
          const nl = buf.indexOf(10, i);
          if (nl < 0 || nl >= end) {
            if (this.#trailerBytes + (end - i) > this.maxTrailerSize) throw httpError('ERR_HTTP_HEADERS_TOO_LARGE', 'trailers too large');
            return i - start;
          }
          this.#trailerBytes += nl + 1 - i;
          if (this.#trailerBytes > this.maxTrailerSize) throw httpError('ERR_HTTP_HEADERS_TOO_LARGE', 'trailers too large');
          if (nl === i || buf[nl - 1] !== 13) throw chunkError('trailer line must end in CRLF');
          const line = buf.toString('latin1', i, nl - 1);
          i = nl + 1;
          if (line === '') this.#state = enum_.Done;
          else this.trailers.append(...parseField(line));
          break;
        }
      }
    }
    return i - start;
  }

  eof(): void {
    if (this.#state !== enum_.Done) throw httpError('ERR_HTTP_PREMATURE_CLOSE', 'connection closed inside a chunked body');
  }
}

function chunkError(message: string) {
  return httpError('ERR_HTTP_INVALID_CHUNK', message);
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
