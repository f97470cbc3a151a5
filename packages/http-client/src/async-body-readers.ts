/**
 * Readers of promise-based request bodies: async iterables (async generators, Node Readables, web
 * ReadableStreams) and Blob-likes. Their promises settle through Node's microtask queue, so they
 * make progress where Node's loop runs (awaited, or `run()`), not under `blockOn`: there a request
 * with such a body ends at its `headersTimeout`. The next chunk is asked for only once the last
 * one has been written (see body-readers.ts), never ahead: a source may reuse its buffer.
 */
import { PENDING, Poll, type Context, type Waker } from '@ferrite/future';
import { END, bodyError, finish, iterResult, toBytes, type BodyReader } from './body-readers.js';
import type { BlobLike } from './request-body.js';

/** A promise being waited for, woken through the latest waker. */
class Settle<T> {
  done = false;
  ok = false;
  value: T | undefined;
  error: unknown;
  waker: Waker | null = null;
  constructor(p: PromiseLike<T>) {
    p.then(
      (v) => this.#settle(true, v, undefined),
      (e) => this.#settle(false, undefined, e),
    );
  }
  #settle(ok: boolean, value: T | undefined, error: unknown): void {
    this.done = true;
    this.ok = ok;
    this.value = value;
    this.error = error;
    const w = this.waker;
    this.waker = null;
    w?.wake();
  }
}

/** Over an async iterator (an async generator, a ReadableStream, a Node Readable). */
export class AsyncIterReader implements BodyReader {
  #it: AsyncIterator<unknown> | null;
  #next: Settle<IteratorResult<unknown>> | null = null;
  constructor(it: AsyncIterator<unknown>) {
    this.#it = it;
  }
  pollChunk(cx: Context): Poll<Uint8Array | null> {
    for (;;) {
      const it = this.#it;
      if (it === null) return END;
      let s = this.#next;
      if (s === null) {
        try {
          s = this.#next = new Settle(it.next());
        } catch (err) {
          this.#it = null;
          throw bodyError(err);
        }
      }
      if (!s.done) {
        s.waker = cx.waker;
        return PENDING;
      }
      this.#next = null;
      if (!s.ok) {
        this.#it = null;
        throw bodyError(s.error);
      }
      let r: IteratorResult<unknown>;
      try {
        r = iterResult(s.value);
      } catch (err) {
        this.#it = null;
        throw err;
      }
      if (r.done) {
        this.#it = null;
        return END;
      }
      const bytes = toBytes(r.value);
      if (bytes !== null) return Poll.ready(bytes);
    }
  }
  close(): void {
    const it = this.#it;
    this.#it = null;
    if (this.#next !== null) this.#next.waker = null;
    if (it !== null) finish(it);
  }
}

/** A ReadableStream's reader as an async iterator (Node 20's web streams are async iterable, other implementations may not be). */
function readerIterator(stream: ReadableStream<Uint8Array>): AsyncIterator<unknown> {
  const reader = stream.getReader();
  return {
    next: () => reader.read() as Promise<IteratorResult<unknown>>,
    return: async () => {
      await reader.cancel();
      return { done: true, value: undefined };
    },
  };
}

/** A Blob-like: its `stream()`, else its `arrayBuffer()` as one chunk. */
export class BlobReader extends AsyncIterReader {
  constructor(blob: BlobLike) {
    super(blobIterator(blob));
  }
}

function blobIterator(blob: BlobLike): AsyncIterator<unknown> {
  try {
    if (typeof blob.stream === 'function') {
      const s = blob.stream();
      if (typeof (s as ReadableStream<Uint8Array>).getReader === 'function') return readerIterator(s as ReadableStream<Uint8Array>);
      return (s as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    }
    let sent = false;
    return {
      next: async () => {
        if (sent) return { done: true, value: undefined };
        sent = true;
        return { done: false, value: new Uint8Array(await blob.arrayBuffer!()) };
      },
    };
  } catch (err) {
    throw bodyError(err);
  }
}
