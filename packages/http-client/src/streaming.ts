/**
 * StreamingResponse: the head now, the body in chunks as they arrive, at most one read buffer
 * held at a time. The body is an `AsyncIterable<Uint8Array>`:
 *
 * ```ts
 * const res = await client.stream(url);
 * for await (const chunk of res.body) total += chunk.length;   // from Node
 * const chunk = yield* wait(res.body.next());                   // in a coroutine: a chunk, or null at the end
 * ```
 *
 * The connection goes back to the pool when the body has been read to the end; `cancel()`,
 * dispose, or leaving a `for await` early closes it (its remaining body was not read), and later
 * reads see the end (null). A body cut short by an error (or `client.close()`) is never mistaken
 * for a complete one: every later read throws that error again.
 *
 * The connection is watched by the reactor of the runtime that received the head, so the body is
 * read there: `for await` and `await body.next()` from Node run on that runtime; polled inside a
 * coroutine, it must be a task of that runtime (another's read fails at once with
 * ERR_FOREIGN_REACTOR, and the body stays readable where it belongs).
 */
import { BaseFuture, PENDING, Poll, dispose, type Context, type Waker } from '@ferrite/future';
import type { Runtime } from '@ferrite/executor';
import { currentReactor, type Reactor, type Sleep } from '@ferrite/reactor';
import type { ClientState, InFlight } from './client-state.js';
import { aborted, clientClosed, deadlinePassed, withContext, wrongRuntime, type RequestContext } from './errors.js';
import type { Exchange } from './exchange.js';
import type { Headers } from './headers.js';
import type { ResponseHead } from './parse-head.js';

/** @internal What a streaming body needs from the request that received its head. */
export interface BodySource {
  exchange: Exchange;
  /** Gives the connection back to its pool (reusable) or closes it. */
  release: (reusable: boolean) => void;
  /** The HttpClient, held so that it is not collected while its body is being read. */
  owner: object;
  state: ClientState;
  /** The reactor the connection is registered with, and the runtime that received the head. */
  reactor: Reactor;
  runtime: Runtime;
  /** What is left of the request's total `timeout`, if it has one. */
  deadline: { timer: Sleep; ms: number } | null;
  /** The request's signal: aborting it cancels the body too (until the body ends). */
  signal: AbortSignal | null;
  context: RequestContext;
}

export class StreamingResponse {
  readonly status: number;
  readonly statusText: string;
  readonly httpVersion: string;
  readonly headers: Headers;
  readonly url: string;
  readonly body: BodyStream;

  /** @internal */
  constructor(head: ResponseHead, source: BodySource) {
    this.status = head.status;
    this.statusText = head.statusText;
    this.httpVersion = head.httpVersion;
    this.headers = head.headers;
    this.url = source.context.url;
    this.body = new BodyStream(source);
  }

  /** True for 2xx. */
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  /** Stops reading: the connection is closed (its remaining body was not read). */
  cancel(): void {
    this.body.cancel();
  }

  [Symbol.dispose](): void {
    this.cancel();
  }
}

export class BodyStream implements AsyncIterable<Uint8Array> {
  readonly #source: BodySource;
  #exchange: Exchange | null;
  #tracked: WeakRef<InFlight> | null = null;
  /**
   * Reads waiting for a chunk (`body.next()` futures that returned Pending), with their wakers.
   * More than one may wait at once; when the body ends (read to the end, cancelled, cut short)
   * every one of them is woken, or it would wait on a connection that is gone.
   */
  readonly #readers = new Map<ChunkFuture, Waker>();
  /** Why the body was cut short (an error, an abort, client.close()): every later read throws it again. */
  #failure: Error | null = null;
  /** What one read collects: the chunks its poll delivered (reused, not made per poll). */
  readonly #parts: Buffer[] = [];
  readonly #collect = (c: Buffer): void => {
    this.#parts.push(c);
  };
  /** Listens to `source.signal` while the body is open. */
  readonly #onAbort = (): void => {
    this.#cutShort(withContext(aborted(this.#source.signal!), this.#source.context) as Error);
  };

  /** Trailers, once the body has been read to the end. */
  trailers: Headers | null = null;

  /** @internal */
  constructor(source: BodySource) {
    this.#source = source;
    this.#exchange = source.exchange;
    if (source.exchange.done) {
      this.#end(source.exchange.reusable);
      return;
    }
    this.#tracked = source.state.track(this);
    if (source.signal?.aborted) this.#onAbort();
    else source.signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /**
   * The next chunk (a copy you own), or null once the body is complete: a future (for
   * `yield* wait(...)` in a coroutine) that can also be awaited from Node.
   */
  next(): ChunkFuture {
    return new ChunkFuture(this);
  }

  /** `for await (const chunk of res.body)`; leaving the loop early closes the connection. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
    try {
      for (;;) {
        const chunk = await this.next();
        if (chunk === null) return;
        yield chunk;
      }
    } finally {
      this.cancel();
    }
  }

  /** Stops reading and closes the connection, unless the body was read to the end. Idempotent. */
  cancel(): void {
    this.#end(false);
  }

  /** @internal The runtime a chunk awaited from Node is read on. */
  get runtime(): Runtime {
    return this.#source.runtime;
  }

  /**
   * @internal With no connection left (read to the end, cancelled or cut short), a read needs no
   * runtime: this is its outcome (null, or the failure thrown again); undefined otherwise.
   */
  outcomeWithoutIo(): { value: null } | { error: Error } | undefined {
    if (this.#exchange !== null) return undefined;
    return this.#failure === null ? { value: null } : { error: this.#failure };
  }

  /** @internal client.close(): the connection is closed now; a waiting reader, and every later read, fails with ERR_CLOSED. */
  abortByClose(): void {
    this.#cutShort(withContext(clientClosed(true), this.#source.context) as Error);
  }

  /** Closes the connection now; every waiting reader, and every later read, fails with `failure`. */
  #cutShort(failure: Error): void {
    if (this.#exchange === null) return;
    this.#failure = failure;
    this.#end(false);
  }

  /** @internal `reader` is done (or disposed): it waits no more. */
  forget(reader: ChunkFuture): void {
    this.#readers.delete(reader);
  }

  /** @internal `reader`'s poll: Pending leaves it among the waiting readers until the next one. */
  pollNext(cx: Context, reader: ChunkFuture): Poll<Uint8Array | null> {
    this.#readers.delete(reader);
    const p = this.#read(cx);
    if (p === PENDING) this.#readers.set(reader, cx.waker);
    return p;
  }

  #read(cx: Context): Poll<Uint8Array | null> {
    // Cut short by an error or client.close(): never mistaken for the end of the body.
    if (this.#failure !== null) throw this.#failure;
    const ex = this.#exchange;
    if (ex === null) return Poll.ready(null);
    const source = this.#source;
    // Refused, not ended: the body can still be read where its connection is watched.
    if (currentReactor() !== source.reactor) throw withContext(wrongRuntime('this response body'), source.context);
    try {
      const deadline = source.deadline;
      if (deadline !== null && deadline.timer.poll(cx) !== PENDING) {
        source.deadline = null;
        throw deadlinePassed(deadline.ms, 'body');
      }
      const parts = this.#parts;
      // On an error, #end drops what this read collected: the body fails as a whole.
      const p = ex.pollBody(cx, this.#collect, true);
      const chunk = parts.length === 0 ? null : ownCopy(parts);
      parts.length = 0;
      if (p !== PENDING && ex.done) {
        this.trailers = ex.trailers;
        this.#end(ex.reusable);
      }
      if (chunk !== null) return Poll.ready(chunk);
      return p === PENDING ? PENDING : Poll.ready(null);
    } catch (err) {
      const failure = withContext(err, source.context);
      if (failure instanceof Error) this.#failure = failure;
      this.#end(false);
      throw failure;
    }
  }

  #end(reusable: boolean): void {
    const ex = this.#exchange;
    if (ex === null) return;
    const source = this.#source;
    this.#exchange = null;
    ex.dispose();
    dispose(source.deadline?.timer);
    source.deadline = null;
    source.signal?.removeEventListener('abort', this.#onAbort);
    this.#parts.length = 0;
    if (this.#tracked !== null) source.state.untrack(this.#tracked);
    this.#tracked = null;
    source.release(reusable);
    // Other reads waiting on this connection: it is gone; their next poll sees the outcome.
    const readers = [...this.#readers.values()];
    this.#readers.clear();
    for (const w of readers) w.wake();
  }
}

/** `body.next()`: a future of the next chunk (null at the end), also awaitable from Node. */
export class ChunkFuture extends BaseFuture<Uint8Array | null> {
  readonly #stream: BodyStream;
  #promise: Promise<Uint8Array | null> | null = null;

  /** @internal */
  constructor(stream: BodyStream) {
    super();
    this.#stream = stream;
  }

  /** Reads the chunk on the runtime that received the response head, inside Node's loop. */
  override then<R1 = Uint8Array | null, R2 = never>(
    onFulfilled?: ((value: Uint8Array | null) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    if (this.#promise === null) {
      const done = this.#stream.outcomeWithoutIo();
      if (done === undefined) this.#promise = this.#stream.runtime.run(this);
      else this.#promise = 'error' in done ? Promise.reject(done.error) : Promise.resolve(done.value);
    }
    return this.#promise.then(onFulfilled, onRejected);
  }

  protected pollOnce(cx: Context): Poll<Uint8Array | null> {
    return this.#stream.pollNext(cx, this);
  }

  protected override release(): void {
    this.#stream.forget(this);
  }
}

/**
 * The chunks one read delivered (views of the connection's read buffer, valid until its next
 * fill), copied into one Buffer with an ArrayBuffer of its own: never a slice of Node's shared
 * pool, whose other bytes `chunk.buffer` would expose.
 */
function ownCopy(parts: Buffer[]): Buffer {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = Buffer.allocUnsafeSlow(n);
  let at = 0;
  for (const p of parts) at += p.copy(out, at);
  return out;
}
