/**
 * Futures over any stream that can be polled for reading or writing (what tokio calls
 * `AsyncRead`/`AsyncWrite` and their `read_to_end`/`write_all` extensions): the reactor's
 * `TcpStream` uses them, and so can a stream built on top of one (`@ferrite/tls`'s TlsStream)
 * without copying the loops.
 *
 * ```ts
 * // a stream of your own: pollRead/pollWrite over something that waits with a Waiter
 * const body = yield* wait(readToEnd(myStream));
 * yield* wait(writeAll(myStream, bytes));   // then pollFlush, if the stream has one
 * ```
 */
import { BaseFuture, PENDING, Poll, type Context } from '@ferrite/future';
import type { Waker } from '@ferrite/future';
import type { Waiter, WaiterList } from './waiters.js';

const READY: Poll<void> = Poll.ready(undefined);

/** A stream that can be polled for one read: bytes read (0 at end of stream) or PENDING. */
export interface AsyncRead {
  pollRead(cx: Context, buf: Uint8Array, waiter?: Waiter): Poll<number>;
}

/** A stream that can be polled for one write, and (if it buffers) for a flush. */
export interface AsyncWrite {
  pollWrite(cx: Context, buf: Uint8Array, waiter?: Waiter): Poll<number>;
  /** Ready once everything written so far has reached the socket (a TLS stream buffers records). */
  pollFlush?(cx: Context, waiter?: Waiter): Poll<void>;
}

/**
 * A future from a poll function over a stream that outlives it. It is its own place in the
 * stream's waiter list (the `Waiter` handed to `step`, as tokio's readiness future embeds its
 * waiter node), so other tasks can wait on the same direction, and it leaves the list when done
 * or disposed (a disposed read keeps no task counted as waiting). One object per operation: a
 * ping-pong round trip made eight (a future, a waiter node, a closure and its context per read
 * and per write).
 *
 * `pollStep` is called as a method of the future (`this` is the future), so a subclass can pass
 * one shared function and keep its operands in fields rather than in a closure per operation.
 */
export class IoFuture<T> extends BaseFuture<T> {
  /** @internal Waiter node: see waiters.ts. */
  waker: Waker | null = null;
  /** @internal */
  list: WaiterList | null = null;
  /** @internal */
  prev: Waiter | null = null;
  /** @internal */
  next: Waiter | null = null;
  /** @internal */
  wakeNext: Waiter | null = null;

  constructor(readonly pollStep: (cx: Context, waiter: Waiter) => Poll<T>) {
    super();
  }

  /** @internal Waiter: true while linked in a list. */
  get waiting(): boolean {
    return this.list !== null;
  }

  /** @internal Waiter: leaves the list it waits in, if any. */
  remove(): void {
    this.list?.remove(this);
  }

  protected pollOnce(cx: Context): Poll<T> {
    const p = this.pollStep(cx, this);
    if (p !== PENDING) this.remove();
    return p;
  }

  protected override release(): void {
    this.remove();
  }
}

/** @internal One read, write or writeAll on a stream: operands in fields, one shape for all three. */
export class StreamOp<T, S> extends IoFuture<T> {
  constructor(
    step: (this: StreamOp<T, S>, cx: Context, waiter: Waiter) => Poll<T>,
    readonly stream: S,
    readonly buf: Uint8Array,
  ) {
    super(step);
  }

  /** writeAll: bytes written so far. */
  offset = 0;
}

/** A future of one `pollRead` into `buf`. */
export function readOnce(stream: AsyncRead, buf: Uint8Array): IoFuture<number> {
  return new StreamOp(readStep, stream, buf);
}

/** A future of one `pollWrite` from `buf`. */
export function writeOnce(stream: AsyncWrite, buf: Uint8Array): IoFuture<number> {
  return new StreamOp(writeStep, stream, buf);
}

function readStep(this: StreamOp<number, AsyncRead>, cx: Context, w: Waiter): Poll<number> {
  return this.stream.pollRead(cx, this.buf, w);
}

function writeStep(this: StreamOp<number, AsyncWrite>, cx: Context, w: Waiter): Poll<number> {
  return this.stream.pollWrite(cx, this.buf, w);
}

function writeAllStep(this: StreamOp<void, AsyncWrite>, cx: Context, w: Waiter): Poll<void> {
  const { stream, buf } = this;
  while (this.offset < buf.length) {
    // Most writes take the whole buffer at the first go: no view for that.
    const p = stream.pollWrite(cx, this.offset === 0 ? buf : buf.subarray(this.offset), w);
    if (p === PENDING) return PENDING;
    this.offset += p.value;
  }
  return stream.pollFlush ? stream.pollFlush(cx, w) : READY;
}

/** Writes all of `buf` to `stream`, then flushes it if the stream has `pollFlush`. */
export function writeAll(stream: AsyncWrite, buf: Uint8Array): IoFuture<void> {
  return new StreamOp(writeAllStep, stream, buf);
}

/** Reads `stream` until its end (a read of 0); Ready with every byte, in one Uint8Array. */
export function readToEnd(stream: AsyncRead): IoFuture<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let buf = new Uint8Array(16 * 1024);
  return new IoFuture((cx, w) => {
    for (;;) {
      const p = stream.pollRead(cx, buf, w);
      if (p === PENDING) return PENDING;
      const n = p.value;
      if (n === 0) break;
      total += n;
      // A full buffer is kept as it is and replaced; a short read is copied out and the buffer
      // read into again, so what is held is what arrived, not 16 KiB per read (a trickling peer).
      if (n === buf.length) {
        chunks.push(buf);
        buf = new Uint8Array(16 * 1024);
      } else {
        chunks.push(buf.slice(0, n));
      }
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return Poll.ready(out);
  });
}
