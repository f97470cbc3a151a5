/**
 * Dial: a new connection's transport. TCP through the reactor (its lookup off the thread, each
 * address in turn) or, with a `socketPath`, the reactor's Unix socket to that path; then for `https:` the TLS handshake over that socket (@ferrite/tls's
 * `TlsStream.secure`): one future, so the connect timeout covers both, and disposing it at any
 * point closes the socket.
 */
import { BaseFuture, PENDING, Poll, dispose, type Context, type Future } from '@ferrite/future';
import { TcpStream, UnixStream } from '@ferrite/reactor';
import { TlsStream, type TlsOptions } from '@ferrite/tls';
import type { Transport } from './connection.js';
import type { Target } from './url.js';

export class Dial extends BaseFuture<Transport> {
  #tcp: Future<TcpStream | UnixStream> | null;
  #tls: Future<TlsStream> | null = null;
  /** null for `http:`. */
  readonly #options: TlsOptions | null;

  /** `tls`: the handshake's options (for `https:`), or null. `socketPath`: a Unix socket to use (`http:` only). */
  constructor(target: Target, tls: TlsOptions | null, socketPath?: string) {
    super();
    this.#tcp = socketPath !== undefined ? UnixStream.connect(socketPath) : TcpStream.connect({ host: target.host, port: target.port });
    // The name verified is the URL's host (an IP literal loses its brackets in @ferrite/tls).
    this.#options = tls === null ? null : { servername: target.host, ...tls };
  }

  protected pollOnce(cx: Context): Poll<Transport> {
    if (this.#tcp !== null) {
      const p = this.#tcp.poll(cx);
      if (p === PENDING) return PENDING;
      this.#tcp = null;
      if (this.#options === null) return p;
      // The request refuses https: with a socketPath (request-future.ts): this is TCP. secure()
      // owns it from here, and closes it if it throws.
      this.#tls = TlsStream.secure(p.value as TcpStream, this.#options);
    }
    const p = this.#tls!.poll(cx);
    if (p !== PENDING) this.#tls = null;
    return p;
  }

  protected override release(): void {
    dispose(this.#tcp);
    dispose(this.#tls);
    this.#tcp = null;
    this.#tls = null;
  }
}
