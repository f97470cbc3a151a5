/**
 * StreamingResponse: the head now, the body in chunks as they arrive. `body.next()` is a future
 * of the next chunk (null at the end); at most one read buffer is held at a time. The connection
 * goes back to the pool when the body has been read to the end; `cancel()` (or dispose) closes it.
 */
import { BaseFuture, PENDING, Poll, type Context, type Future } from '@ferrite/future';
import type { Exchange } from './exchange.js';
import type { Headers } from './headers.js';
import type { ResponseHead } from './parse-head.js';

export class StreamingResponse {
  readonly status: number;
  readonly statusText: string;
  readonly httpVersion: string;
  readonly headers: Headers;
  readonly url: string;
  readonly body: BodyStream;

  /** @internal */
  constructor(head: ResponseHead, exchange: Exchange, url: string, release: (reusable: boolean) => void) {
    this.status = head.status;
    this.statusText = head.statusText;
    this.httpVersion = head.httpVersion;
    this.headers = head.headers;
    this.url = url;
    this.body = new BodyStream(exchange, release);
  }

  /** Stops reading: the connection is closed (its remaining body was not read). */
  cancel(): void {
    this.body.cancel();
  }

  [Symbol.dispose](): void {
    this.cancel();
  }
}

export class BodyStream {
  #exchange: Exchange | null;
  readonly #release: (reusable: boolean) => void;

  constructor(exchange: Exchange, release: (reusable: boolean) => void) {
    this.#exchange = exchange;
    this.#release = release;
    if (exchange.done) this.#end(exchange.reusable);
  }

  /** Trailers, once the body has been read to the end. */
  trailers: Headers | null = null;

  /** A future of the next chunk (a copy you own), or null once the body is complete. */
  next(): Future<Uint8Array | null> {
    return new NextChunk(this);
  }

  /** @internal */
  pollNext(cx: Context): Poll<Uint8Array | null> {
    const ex = this.#exchange;
    if (ex === null) return Poll.ready(null);
    let chunk: Uint8Array | null = null;
    const parts: Buffer[] = [];
    let p: Poll<void>;
    try {
      p = ex.pollBody(cx, (c) => parts.push(Buffer.from(c)), true);
    } catch (err) {
      this.#end(false);
      throw err;
    }
    if (parts.length > 0) chunk = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    if (p !== PENDING && ex.done) {
      this.trailers = ex.trailers;
      this.#end(ex.reusable);
    }
    if (chunk !== null) return Poll.ready(chunk);
    return p === PENDING ? PENDING : Poll.ready(null);
  }

  cancel(): void {
    this.#end(false);
  }

  #end(reusable: boolean): void {
    const ex = this.#exchange;
    if (ex === null) return;
    this.#exchange = null;
    ex.dispose();
    this.#release(reusable);
  }
}

class NextChunk extends BaseFuture<Uint8Array | null> {
  constructor(readonly stream: BodyStream) {
    super();
  }

  protected pollOnce(cx: Context): Poll<Uint8Array | null> {
    return this.stream.pollNext(cx);
  }
}
