/**
 * A non-blocking TLS client stream, in the style of @ferrite/epoll's `net.TcpStream`: every
 * operation returns at once, with a result or `WOULD_BLOCK`; `wants` then says which readiness
 * of the socket to wait for ('read' or 'write': a TLS read can need the socket writable, to send
 * handshake or alert records first, and a write can need it readable, during the handshake).
 *
 * ```ts
 * const tls = sync.TlsStream.connect('example.com:443');
 * poll.registry().register(tls, 0, Interest.READABLE | Interest.WRITABLE);
 * while (tls.handshake() === WOULD_BLOCK) poll.poll(events);      // edge-triggered: just retry
 * ```
 *
 * Verification happens at the end of the handshake: a chain or identity failure throws a
 * TlsError with node:tls's code unless `rejectUnauthorized: false`, which only records it in
 * `authorizationError`.
 */
import { parseAddress, WOULD_BLOCK, net, type Address, type WouldBlock } from '@ferrite/epoll';
import { checkBytes, invalidArgType } from '@ferrite/future/errors';
import { WANT_INPUT, type NativeEngine } from '../binding.js';
import { closedError, TlsError, type CertificateErrorCode } from '../errors.js';
import { resolveTls, type ResolvedTls, type TlsOptions } from '../options.js';
import { OUT, SCRATCH } from './buffers.js';
import { altnameError, peerCertificate, type PeerCertificate } from '../peer-certificate.js';

/** What the stream moves ciphertext through: a socket, or anything shaped like one. */
export interface Transport {
  /** Bytes read (0 at end of stream) or WOULD_BLOCK. */
  read(buf: Uint8Array): number | WouldBlock;
  /** Bytes written or WOULD_BLOCK. */
  write(buf: Uint8Array): number | WouldBlock;
}

/** A transport broke its contract: looping on its answer could spin or corrupt the stream. */
function badReturn(method: string, value: unknown, range: string): TlsError {
  const shown = typeof value === 'number' ? String(value) : typeof value;
  return new TlsError('ERR_INVALID_RETURN_VALUE', `transport.${method}() returned ${shown}: expected WOULD_BLOCK or ${range}`);
}

/**
 * Options the async stream already resolved (roots parsed, names checked), handed to the
 * constructor by `over` below without making them part of the public constructor's signature.
 */
let preResolved: ResolvedTls | undefined;

export class TlsStream {
  readonly #engine: NativeEngine;
  readonly #transport: Transport;
  readonly #tls: ResolvedTls;
  /**
   * Ciphertext the transport did not take yet: out[start, end). Made at the first partial write
   * only (an idle or lightly used connection never has one); drained bytes go out from OUT first.
   */
  #out: Uint8Array | null = null;
  #outStart = 0;
  #outEnd = 0;
  /** Buffers of its own, made only when this stream is reached while the shared ones are lent. */
  #ownOut: Uint8Array | null = null;
  #ownScratch: Uint8Array | null = null;
  /** The socket to close with the stream, when the stream made it (connect). */
  #ownedSocket: { close(): void; fd: number } | null = null;
  #established = false;
  #eof = false;
  #closed = false;
  #wants: 'read' | 'write' | null = null;
  #authorizationError: TlsError | null = null;

  /**
   * A client over `transport` (already connected, or connecting: the first write then says
   * WOULD_BLOCK until it is). `host` is the name or address dialed: the default servername.
   */
  constructor(transport: Transport, host: string, options?: TlsOptions) {
    const t = transport as Partial<Transport> | null;
    if (typeof t !== 'object' || t === null || typeof t.read !== 'function' || typeof t.write !== 'function') {
      throw invalidArgType('transport', 'an object with read(buf) and write(buf) methods', transport);
    }
    if (typeof host !== 'string') throw invalidArgType('host', 'a string', host);
    this.#tls = preResolved ?? resolveTls(host, options);
    preResolved = undefined;
    const r = this.#tls;
    this.#engine = r.context.connect(r.servername, r.identity, r.identityIsIp ? 1 : 0, r.session, r.alpn);
    this.#transport = transport;
  }

  /** @internal A client over `transport` with options resolved already (the async TlsStream's). */
  static over(transport: Transport, tls: ResolvedTls): TlsStream {
    preResolved = tls;
    try {
      return new TlsStream(transport, tls.identity);
    } finally {
      preResolved = undefined;
    }
  }

  /** Starts a non-blocking TCP connect to `addr` (an IP address) and a TLS client over it. */
  static connect(addr: Address, options?: TlsOptions): TlsStream {
    const { host, port } = parseAddress(addr);
    const socket = net.TcpStream.connect({ host, port });
    try {
      socket.setNodelay(true); // whole records only: Nagle would just delay the last one
      const stream = new TlsStream(socket, host, options);
      stream.#own(socket);
      return stream;
    } catch (err) {
      socket.close();
      throw err;
    }
  }

  #own(socket: { close(): void; fd: number }): void {
    this.#ownedSocket = socket;
  }

  /** The socket's fd (for `registry.register(stream, ...)`), -1 once closed or without one. */
  get fd(): number {
    if (this.#closed) return -1;
    const fd = (this.#ownedSocket ?? (this.#transport as { fd?: unknown })).fd;
    return typeof fd === 'number' ? fd : -1;
  }

  /** The direction the last WOULD_BLOCK waits for; null after a result. */
  get wants(): 'read' | 'write' | null {
    return this.#wants;
  }

  /** True once the handshake is complete (and the peer verified). */
  get established(): boolean {
    return this.#established;
  }

  /**
   * Drives the handshake: true once complete (the server verified), or WOULD_BLOCK. Reads and
   * writes call it themselves, so calling it is needed only to learn the outcome early.
   */
  handshake(): true | WouldBlock {
    if (this.#established) return true;
    const engine = this.#live();
    for (;;) {
      if (engine.handshake() !== WANT_INPUT) {
        this.#verify();
        this.#established = true;
        // The client's Finished (and, resumed, nothing more) goes out with the next flush.
        this.#flush();
        this.#wants = null;
        return true;
      }
      if (this.#flush() === WOULD_BLOCK || this.#fill() === WOULD_BLOCK) return WOULD_BLOCK;
    }
  }

  /** Reads plaintext into `buf`: bytes, 0 once the peer sent close_notify, or WOULD_BLOCK. */
  read(buf: Uint8Array): number | WouldBlock {
    checkBytes(buf, 'buf');
    if (!this.#established && this.handshake() === WOULD_BLOCK) return WOULD_BLOCK;
    const engine = this.#live();
    for (;;) {
      const n = engine.read(buf);
      if (n !== WANT_INPUT) {
        this.#wants = null;
        return n;
      }
      // Records queued for the peer (a reply to a key update, our Finished) go first, but a
      // socket that takes none must not stop the read: a peer that answers before it reads what
      // we send (an HTTP server refusing an upload) would wait for us while we wait for it.
      const flushed = this.#flush();
      if (this.#fill() === WOULD_BLOCK) {
        if (flushed === WOULD_BLOCK) this.#wants = 'write';
        return WOULD_BLOCK;
      }
    }
  }

  /**
   * Encrypts up to 16 KiB of `buf`: bytes taken, or WOULD_BLOCK while earlier ciphertext still
   * waits for the socket (back-pressure). Taken bytes are sent as far as the socket allows; call
   * `flush()` until it returns true to be sure they left (reads flush first as well).
   */
  write(buf: Uint8Array): number | WouldBlock {
    checkBytes(buf, 'buf');
    if (!this.#established && this.handshake() === WOULD_BLOCK) return WOULD_BLOCK;
    const engine = this.#live();
    if (this.#flush() === WOULD_BLOCK) return WOULD_BLOCK;
    for (;;) {
      const n = engine.write(buf);
      if (n !== WANT_INPUT) {
        this.#flush();
        this.#wants = null;
        return n;
      }
      // The engine must read the peer's records first (a handshake message after ours).
      if (this.#fill() === WOULD_BLOCK) return WOULD_BLOCK;
    }
  }

  /** Sends ciphertext still buffered: true when none is left, or WOULD_BLOCK. */
  flush(): true | WouldBlock {
    this.#live();
    if (this.#flush() === WOULD_BLOCK) return WOULD_BLOCK;
    this.#wants = null;
    return true;
  }

  /** Sends close_notify (TLS's end of stream for writing): true once sent, or WOULD_BLOCK. */
  shutdown(): true | WouldBlock {
    const engine = this.#live();
    if (this.#established) engine.shutdown();
    return this.flush();
  }

  /** True when the peer's chain and identity were verified (even with rejectUnauthorized false). */
  get authorized(): boolean {
    return this.#established && this.#authorizationError === null;
  }

  /** Why the peer failed verification (recorded when `rejectUnauthorized: false`), or null. */
  get authorizationError(): TlsError | null {
    return this.#authorizationError;
  }

  /** The latest resumable session (DER): pass it as `options.session` to resume. Null if none yet. */
  get session(): Uint8Array | null {
    return this.#live().session();
  }

  /** True when this connection resumed the session it was given. */
  isSessionReused(): boolean {
    return this.#live().sessionReused();
  }

  /** The ALPN protocol the server chose ('http/1.1'), or null. */
  get alpnProtocol(): string | null {
    return this.#live().alpn();
  }

  getPeerCertificate(): PeerCertificate | null {
    const der = this.#live().peerCertificate();
    return der === null ? null : peerCertificate(der);
  }

  /** 'TLSv1.3', 'TLSv1.2', or null before the handshake completes. */
  getProtocol(): string | null {
    return this.#live().protocol();
  }

  getCipher(): { name: string; standardName: string; version: string } | null {
    return this.#live().cipher();
  }

  /** Frees the TLS state and closes the socket the stream made. No close_notify (see shutdown). Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#engine.close();
    this.#ownedSocket?.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #live(): NativeEngine {
    if (this.#closed) throw closedError();
    return this.#engine;
  }

  /** Chain first, then identity: node:tls's order, so the same certificate gives the same code. */
  #verify(): void {
    const engine = this.#engine;
    const chain = engine.verifyError();
    if (chain !== null) {
      this.#authorizationError = new TlsError(chain[0] as CertificateErrorCode, chain[1]);
    } else if (!engine.checkIdentity()) {
      this.#authorizationError = altnameError(this.#tls.identity, this.getPeerCertificate());
    }
    if (this.#authorizationError !== null && this.#tls.rejectUnauthorized) throw this.#authorizationError;
  }

  /** Moves ciphertext from the engine to the transport until none is left or it would block. */
  #flush(): true | WouldBlock {
    const shared = OUT.borrow();
    try {
      return this.#flushThrough(shared ?? (this.#ownOut ??= new Uint8Array(OUT.size)));
    } finally {
      if (shared !== null) OUT.giveBack();
    }
  }

  #flushThrough(drained: Uint8Array): true | WouldBlock {
    for (;;) {
      if (this.#outStart < this.#outEnd) {
        const w = this.#write(this.#out!.subarray(this.#outStart, this.#outEnd));
        if (w === WOULD_BLOCK) return this.#blockedOnWrite();
        this.#outStart += w;
        continue;
      }
      const n = this.#engine.drain(drained);
      if (n === 0) return true;
      const w = this.#write(OUT.view(drained, n));
      const taken = w === WOULD_BLOCK ? 0 : w;
      if (taken < n) {
        // Keep the rest (`drained` is reused); the buffer is made once and reused.
        const out = this.#out !== null && this.#out.length >= n - taken ? this.#out : (this.#out = new Uint8Array(OUT.size));
        out.set(drained.subarray(taken, n), 0);
        this.#outStart = 0;
        this.#outEnd = n - taken;
        if (w === WOULD_BLOCK) return this.#blockedOnWrite();
      }
    }
  }

  /** The transport's write of non-empty `buf`: 1..buf.length bytes or WOULD_BLOCK (0 would spin). */
  #write(buf: Uint8Array): number | WouldBlock {
    const w = this.#transport.write(buf);
    if (w !== WOULD_BLOCK && !(Number.isInteger(w) && w >= 1 && w <= buf.length)) throw badReturn('write', w, `1..${buf.length}`);
    return w;
  }

  #blockedOnWrite(): WouldBlock {
    this.#wants = 'write';
    return WOULD_BLOCK;
  }

  /** Moves ciphertext from the transport to the engine: bytes moved (0: end of stream) or WOULD_BLOCK. */
  #fill(): number | WouldBlock {
    if (this.#eof) {
      // The engine asked for more after the end of stream (it reports that itself; a guard).
      if (!this.#established) throw new TlsError('ECONNRESET', 'Client network socket disconnected before secure TLS connection was established');
      throw new TlsError('ERR_TLS_TRUNCATED', 'the peer closed the connection without close_notify: the data may be truncated');
    }
    const shared = SCRATCH.borrow();
    try {
      return this.#fillFrom(shared ?? (this.#ownScratch ??= new Uint8Array(SCRATCH.size)));
    } finally {
      if (shared !== null) SCRATCH.giveBack();
    }
  }

  #fillFrom(scratch: Uint8Array): number | WouldBlock {
    const n = this.#transport.read(scratch);
    if (n !== WOULD_BLOCK && !(Number.isInteger(n) && n >= 0 && n <= scratch.length)) throw badReturn('read', n, `0..${scratch.length}`);
    if (n === WOULD_BLOCK) {
      this.#wants = 'read';
      return WOULD_BLOCK;
    }
    if (n === 0) {
      this.#eof = true;
      this.#engine.feedEof();
    } else {
      this.#engine.feed(scratch, n);
    }
    return n;
  }
}
