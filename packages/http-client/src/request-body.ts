/**
 * Request bodies: what a caller may pass as `body`, checked at the call, and what the request
 * needs to know about it before sending anything: its size when known (then `Content-Length`,
 * else chunked), and whether it can be sent again (a retry, a 307/308 redirect).
 *
 * Replayable: a string, a Uint8Array (or other ArrayBufferView, or an ArrayBuffer), a Blob-like.
 * One-shot: an iterable or async iterable of chunks, a ferrite stream (anything with `pollRead`,
 * such as the reactor's TcpStream or UnixStream) or a streaming response body (`BodyStream`).
 */
import type { AsyncRead } from '@ferrite/reactor';
import { invalidArgType } from '@ferrite/future/errors';
import { AsyncIterReader, BlobReader } from './async-body-readers.js';
import { BytesReader, FutureChunkReader, PollReadReader, SyncIterReader, type BodyReader } from './body-readers.js';
import { BodyStream } from './streaming.js';

/**
 * Anything with a `size` and a way to read it (Node's and the web's `Blob` and `File`): read with
 * `stream()` when it has one, else `arrayBuffer()`. Its `type`, when not empty, is the
 * `Content-Type` unless the request sets one.
 */
export interface BlobLike {
  readonly size: number;
  readonly type?: string;
  stream?(): ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;
  arrayBuffer?(): Promise<ArrayBuffer>;
}

/** A chunk of an iterable body: bytes, or a string sent as UTF-8. */
export type BodyChunk = Uint8Array | string;

/**
 * What a request body may be: a string (UTF-8), bytes (`Uint8Array`, any `ArrayBufferView`, an
 * `ArrayBuffer`), a `BlobLike`, an iterable or async iterable of `BodyChunk`s, or a ferrite stream:
 * an `AsyncRead` (the reactor's `TcpStream`/`UnixStream`, @ferrite/tls's `TlsStream`) or a
 * `client.stream()` response's `body` (a `BodyStream`: a download piped into an upload). The
 * first three have a known size and can be sent again; the others are read once.
 */
export type RequestBody = string | Uint8Array | ArrayBufferView | ArrayBuffer | BlobLike | Iterable<BodyChunk> | AsyncIterable<BodyChunk> | AsyncRead;

const encoder = new TextEncoder();

/** A checked body: its size if known, whether it can be sent twice, and how to read it. */
export interface BodySpec {
  /** Bytes, when known before sending. */
  readonly size: number | null;
  /** It can be opened again (a retry or a 307/308 redirect sends it again). */
  readonly replayable: boolean;
  /** The whole body when it is already in memory (sent with the head when small). */
  readonly bytes: Uint8Array | null;
  /** A `Content-Type` it implies (a Blob's `type`), or null. */
  readonly type: string | null;
  /** A reader from its start. A one-shot body opens once. */
  open(): BodyReader;
  /**
   * The request ended without opening it (it failed to connect, was aborted, ...): a one-shot
   * source is stopped all the same (its `return()`: a Node stream is destroyed, its file closed),
   * as the request owned it. Nothing for a replayable body, which stays the caller's.
   */
  discard(): void;
}

const NOTHING = (): void => {};

function inMemory(bytes: Uint8Array): BodySpec {
  return { size: bytes.length, replayable: true, bytes, type: null, open: () => new BytesReader(bytes), discard: NOTHING };
}

/** `stop`: what else stops the source when it was never opened (an iterator not started has no `finally` to run). */
function oneShot(open: () => BodyReader, stop?: () => void): BodySpec {
  let opened = false;
  return {
    size: null,
    replayable: false,
    bytes: null,
    type: null,
    open: () => {
      // Never happens: a one-shot body is never retried or redirected with its body.
      if (opened) throw new Error('a one-shot request body was opened twice');
      opened = true;
      return open();
    },
    discard: () => {
      if (opened) return;
      opened = true;
      try {
        open().close();
        stop?.();
      } catch {
        // a source that cannot even be opened has nothing to stop
      }
    },
  };
}

const isBlobLike = (b: object): b is BlobLike =>
  typeof (b as BlobLike).size === 'number' && (typeof (b as BlobLike).stream === 'function' || typeof (b as BlobLike).arrayBuffer === 'function');

/** The body as a BodySpec. @throws ERR_INVALID_ARG_TYPE for anything else. */
export function toBody(body: unknown, name = 'options.body'): BodySpec {
  if (typeof body === 'string') return inMemory(encoder.encode(body));
  if (body instanceof Uint8Array) return inMemory(body);
  if (ArrayBuffer.isView(body)) return inMemory(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
  if (body instanceof ArrayBuffer) return inMemory(new Uint8Array(body));
  if (body !== null && typeof body === 'object') {
    if (isBlobLike(body)) {
      const size = body.size;
      if (!Number.isSafeInteger(size) || size < 0) throw invalidArgType(name, 'a Blob-like with a size that is an integer >= 0', body);
      const type = typeof body.type === 'string' && body.type !== '' ? body.type : null;
      if (size === 0) return { ...inMemory(new Uint8Array(0)), type };
      return { size, replayable: true, bytes: null, type, open: () => new BlobReader(body), discard: NOTHING };
    }
    if (body instanceof BodyStream) return oneShot(() => new FutureChunkReader(body));
    if (typeof (body as AsyncRead).pollRead === 'function') return oneShot(() => new PollReadReader(body as AsyncRead));
    if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
      // A Node stream is destroyed (as undici does): its iterator, never started, would not do it.
      const destroy = (body as { destroy?: unknown }).destroy;
      const stop = typeof destroy === 'function' ? () => void destroy.call(body) : undefined;
      return oneShot(() => new AsyncIterReader((body as AsyncIterable<unknown>)[Symbol.asyncIterator]()), stop);
    }
    if (typeof (body as Iterable<unknown>)[Symbol.iterator] === 'function') {
      return oneShot(() => new SyncIterReader((body as Iterable<unknown>)[Symbol.iterator]()));
    }
  }
  throw invalidArgType(name, 'a string, bytes, a Blob-like, an (async) iterable of chunks or a ferrite stream', body);
}

/** `json`: the value as JSON text (undefined, a function or a symbol has none: ERR_INVALID_ARG_TYPE). */
export function jsonBody(value: unknown, name = 'options.json'): BodySpec {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw Object.assign(invalidArgType(name, 'a value JSON.stringify accepts', value), { cause: err });
  }
  if (text === undefined) throw invalidArgType(name, 'a value with a JSON form', value);
  return inMemory(encoder.encode(text));
}
