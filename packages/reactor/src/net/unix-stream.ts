/**
 * An async Unix domain stream (tokio::net::UnixStream): the same contract as the reactor's
 * TcpStream (read, write, writeAll, readToEnd, shutdown, close, pollRead, pollWrite, tryRead,
 * watchIdle; they are one implementation, `AsyncStream`), connecting to a filesystem path or to a
 * Linux abstract name (a path starting with `'\0'`).
 *
 * ```ts
 * const stream = yield* wait(UnixStream.connect('/run/my.sock'));
 * yield* wait(stream.writeAll(request));
 * ```
 */
import { net, type UnixSocketAddress } from '@ferrite/epoll';
import { BaseFuture, PENDING, Poll, type Awaitable, type Context } from '@ferrite/future';
import { currentReactor } from '../current.js';
import type { Registration } from '../registration.js';
import { AsyncStream, pollConnected } from './stream.js';

let wrap: (raw: net.UnixStream, reg?: Registration) => UnixStream;

export class UnixStream extends AsyncStream<net.UnixStream, UnixSocketAddress> {
  private constructor(raw: net.UnixStream, reg?: Registration) {
    super('UnixStream', raw, reg);
  }

  /**
   * Connects (lazily: at the first poll). A missing path fails with ENOENT, one nobody listens
   * on with ECONNREFUSED, a forbidden one with EACCES (`syscall` 'connect', `address` the path);
   * a path too long for sun_path with ERR_INVALID_ARG_VALUE.
   */
  static connect(path: string): Awaitable<UnixStream> {
    return new UnixConnect(path);
  }

  static {
    wrap = (raw, reg) => new UnixStream(raw, reg);
  }
}

/** A UnixStream over a connected raw stream (for accept()). */
export function wrapUnixStream(raw: net.UnixStream, reg?: Registration): UnixStream {
  return wrap(raw, reg);
}

class UnixConnect extends BaseFuture<UnixStream> {
  #raw: net.UnixStream | null = null;
  #reg: Registration | null = null;

  constructor(readonly path: string) {
    super();
  }

  protected pollOnce(cx: Context): Poll<UnixStream> {
    if (this.#raw === null) {
      try {
        this.#raw = net.UnixStream.connect(this.path);
        this.#reg = currentReactor().register(this.#raw);
      } catch (err) {
        this.release();
        throw withPath(err, this.path);
      }
    }
    const p = pollConnected(cx, this.#raw, this.#reg!);
    if (p === PENDING) return PENDING;
    if (p.value !== null) {
      this.release();
      throw withPath(p.value, this.path);
    }
    const stream = wrapUnixStream(this.#raw, this.#reg!);
    this.#raw = null;
    this.#reg = null;
    return Poll.ready(stream);
  }

  protected override release(): void {
    this.#reg?.deregister();
    this.#raw?.close();
    this.#reg = null;
    this.#raw = null;
  }
}

/** Node's shape for a failed pipe connect: `address` is the path (`connect ENOENT /run/x.sock`). */
function withPath(err: unknown, path: string): unknown {
  if (!(err instanceof Error) || (err as { syscall?: unknown }).syscall === undefined) return err;
  try {
    Object.assign(err, { address: path });
    err.message = `${err.message} (${path.replace(/^\0/, '@')})`;
  } catch {
    // a frozen error keeps what it had
  }
  return err;
}
