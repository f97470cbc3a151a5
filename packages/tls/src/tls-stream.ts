/**
 * An async TLS client stream on the reactor (tokio-native-tls's `TlsStream` over tokio's
 * `TcpStream`). It has the poll methods of the reactor's `TcpStream` (`pollRead`, `pollWrite`,
 * `tryRead`, `watchIdle`, `setNodelay`, `close`), so protocol code written against a TcpStream
 * takes a TlsStream unchanged; futures (`read`, `write`, `writeAll`, `readToEnd`, `flush`,
 * `shutdown`) are lazy and cancellable like the reactor's.
 *
 * ```ts
 * const tls = yield* wait(TlsStream.connect('example.com:443'));
 * yield* wait(tls.writeAll(request));
 * const reply = yield* wait(tls.readToEnd());   // ERR_TLS_TRUNCATED if the server skips close_notify
 * tls.close();
 * ```
 */
import { parseHostPort, type SocketAddress, WOULD_BLOCK, type WouldBlock } from '@ferrite/epoll';
import { PENDING, Poll, dispose, type Awaitable, type Context, type Waker } from '@ferrite/future';
import { checkBytes } from '@ferrite/future/errors';
import { IoFuture, TcpStream, readToEnd, writeAll, type HostAddress, type Waiter } from '@ferrite/reactor';
import type { TlsError } from './errors.js';
import { resolveTls, type ResolvedTls, type TlsOptions } from './options.js';
import type { PeerCertificate } from './peer-certificate.js';
import { TlsStream as SyncTlsStream } from './sync/tls-stream.js';
import { Handshake } from './handshake.js';
import { ReactorTransport } from './reactor-transport.js';

const READY: Poll<void> = Poll.ready(undefined);

export class TlsStream {
  readonly #tcp: TcpStream;
  readonly #io: ReactorTransport;
  readonly #core: SyncTlsStream;

  /** @internal Streams come from `connect()` or `secure()`. */
  constructor(tcp: TcpStream, tls: ResolvedTls) {
    // TLS writes whole records, already coalesced: Nagle would only hold the last one back until
    // the peer's delayed ACK (40 ms), e.g. a request right after the client's Finished.
    tcp.setNodelay(true);
    this.#tcp = tcp;
    this.#io = new ReactorTransport(tcp);
    this.#core = SyncTlsStream.over(this.#io, tls);
  }

  /**
   * Connects to `addr` ('host:port' or { host, port }; names resolved off the thread), then
   * runs the handshake; `host` is the default servername (SNI and the identity checked).
   */
  static connect(addr: HostAddress, options?: TlsOptions): Awaitable<TlsStream> {
    const connect = TcpStream.connect(addr); // a bad address fails here (lazy: no I/O yet)
    let tls: ResolvedTls;
    try {
      tls = resolveTls(parseHostPort(addr).host, options); // and so do bad options, not at the first poll
    } catch (err) {
      dispose(connect);
      throw err;
    }
    return new Handshake(connect, tls);
  }

  /**
   * Runs a TLS handshake over a connected `tcp`, which is the TlsStream's from the call on: it is
   * closed when the handshake fails, when the future is disposed, and when the options are refused
   * here. The identity checked is `options.servername`, or else the peer's IP address.
   */
  static secure(tcp: TcpStream, options?: TlsOptions): Awaitable<TlsStream> {
    try {
      return new Handshake(tcp, resolveTls(options?.servername ?? tcp.peerAddr().address, options));
    } catch (err) {
      tcp.close();
      throw err;
    }
  }

  get fd(): number {
    return this.#tcp.fd;
  }

  /** The handshake: Ready once complete and verified (a verification failure throws). */
  pollHandshake(cx: Context, waiter?: Waiter): Poll<void> {
    const io = this.#io;
    io.cx = cx;
    io.waiter = waiter;
    try {
      return this.#core.handshake() === WOULD_BLOCK ? PENDING : READY;
    } finally {
      io.cx = null;
      io.waiter = undefined;
    }
  }

  /**
   * Reads plaintext into `buf`: Ready with the byte count (0 once the peer sent close_notify).
   * Waiters as for the reactor's TcpStream.pollRead. The peer closing the socket without
   * close_notify throws ERR_TLS_TRUNCATED.
   */
  pollRead(cx: Context, buf: Uint8Array, waiter?: Waiter): Poll<number> {
    const io = this.#io;
    io.cx = cx;
    io.waiter = waiter;
    io.reading = true;
    try {
      const n = this.#core.read(buf);
      if (n === WOULD_BLOCK) return PENDING;
      io.flushWaiter.remove();
      return Poll.ready(n);
    } finally {
      io.cx = null;
      io.waiter = undefined;
      io.reading = false;
    }
  }

  /** Encrypts from `buf`: Ready with the byte count taken (>= 1 unless `buf` is empty). */
  pollWrite(cx: Context, buf: Uint8Array, waiter?: Waiter): Poll<number> {
    const io = this.#io;
    io.cx = cx;
    io.waiter = waiter;
    try {
      const n = this.#core.write(buf);
      return n === WOULD_BLOCK ? PENDING : Poll.ready(n);
    } finally {
      io.cx = null;
      io.waiter = undefined;
    }
  }

  /** Ready once every encrypted byte has been handed to the socket. */
  pollFlush(cx: Context, waiter?: Waiter): Poll<void> {
    const io = this.#io;
    io.cx = cx;
    io.waiter = waiter;
    try {
      return this.#core.flush() === WOULD_BLOCK ? PENDING : READY;
    } finally {
      io.cx = null;
      io.waiter = undefined;
    }
  }

  /** Sends close_notify and shuts the socket's writing side: Ready once sent. */
  pollShutdown(cx: Context, waiter?: Waiter): Poll<void> {
    const io = this.#io;
    io.cx = cx;
    io.waiter = waiter;
    try {
      if (this.#core.shutdown() === WOULD_BLOCK) return PENDING;
    } finally {
      io.cx = null;
      io.waiter = undefined;
    }
    this.#tcp.shutdown('write');
    return READY;
  }

  /**
   * One read now, waiting for nothing: bytes, 0 after close_notify, or WOULD_BLOCK. Records
   * without data (a TLS 1.3 session ticket) are consumed. For probing a pooled connection.
   */
  tryRead(buf: Uint8Array): number | WouldBlock {
    checkBytes(buf, 'buf');
    return this.#core.read(buf);
  }

  read(buf: Uint8Array): Awaitable<number> {
    checkBytes(buf, 'buf');
    return new IoFuture((cx, w) => this.pollRead(cx, buf, w));
  }

  write(buf: Uint8Array): Awaitable<number> {
    checkBytes(buf, 'buf');
    return new IoFuture((cx, w) => this.pollWrite(cx, buf, w));
  }

  /** Writes all of `buf` and flushes it to the socket. */
  writeAll(buf: Uint8Array): Awaitable<void> {
    checkBytes(buf, 'buf');
    return writeAll(this, buf);
  }

  flush(): Awaitable<void> {
    return new IoFuture((cx, w) => this.pollFlush(cx, w));
  }

  /** Sends close_notify, then shuts down the socket's writing side (the peer sees end of stream). */
  shutdown(): Awaitable<void> {
    return new IoFuture((cx, w) => this.pollShutdown(cx, w));
  }

  /** Reads until close_notify; Ready with every byte. ERR_TLS_TRUNCATED if the socket just closes. */
  readToEnd(): Awaitable<Uint8Array> {
    return readToEnd(this);
  }

  /** As the reactor's TcpStream.watchIdle: wakes `waker` once at the socket's next event. */
  watchIdle(waker: Waker | null): void {
    this.#tcp.watchIdle(waker);
  }

  setNodelay(on = true): void {
    this.#tcp.setNodelay(on);
  }

  localAddr(): SocketAddress {
    return this.#tcp.localAddr();
  }

  peerAddr(): SocketAddress {
    return this.#tcp.peerAddr();
  }

  /** The latest resumable session: pass it as `options.session` to a later connect to resume. */
  get session(): Uint8Array | null {
    return this.#core.session;
  }

  isSessionReused(): boolean {
    return this.#core.isSessionReused();
  }

  get alpnProtocol(): string | null {
    return this.#core.alpnProtocol;
  }

  get authorized(): boolean {
    return this.#core.authorized;
  }

  get authorizationError(): TlsError | null {
    return this.#core.authorizationError;
  }

  getPeerCertificate(): PeerCertificate | null {
    return this.#core.getPeerCertificate();
  }

  getProtocol(): string | null {
    return this.#core.getProtocol();
  }

  getCipher(): { name: string; standardName: string; version: string } | null {
    return this.#core.getCipher();
  }

  /** Frees the TLS state, deregisters and closes the socket (no close_notify: see shutdown()). Idempotent. */
  close(): void {
    this.#io.flushWaiter.remove();
    try {
      this.#core.close();
    } finally {
      this.#tcp.close();
    }
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
