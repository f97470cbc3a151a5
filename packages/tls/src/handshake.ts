// The future of TlsStream.connect/secure: the TCP connect (when it has one to wait for), then
// the TLS handshake and verification. Disposing it, or a failure, closes the socket.
import { BaseFuture, PENDING, Poll, dispose, type Context, type Future } from '@ferrite/future';
import { TcpStream, Waiter } from '@ferrite/reactor';
import type { ResolvedTls } from './options.js';
import { TlsStream } from './tls-stream.js';

/** TCP connect (when given a future of one), then the handshake; disposing closes everything. */
export class Handshake extends BaseFuture<TlsStream> {
  #connect: Future<TcpStream> | null;
  #stream: TlsStream | null = null;
  readonly #tls: ResolvedTls;
  readonly #waiter = new Waiter();

  constructor(tcp: Future<TcpStream> | TcpStream, tls: ResolvedTls) {
    super();
    this.#tls = tls;
    if (tcp instanceof TcpStream) {
      this.#connect = null;
      this.#stream = new TlsStream(tcp, tls);
    } else {
      this.#connect = tcp;
    }
  }

  protected pollOnce(cx: Context): Poll<TlsStream> {
    if (this.#stream === null) {
      const p = this.#connect!.poll(cx);
      if (p === PENDING) return PENDING;
      this.#connect = null;
      try {
        this.#stream = new TlsStream(p.value, this.#tls);
      } catch (err) {
        p.value.close();
        throw err;
      }
    }
    if (this.#stream.pollHandshake(cx, this.#waiter) === PENDING) return PENDING;
    const stream = this.#stream;
    this.#stream = null;
    this.#waiter.remove();
    return Poll.ready(stream);
  }

  protected override release(): void {
    this.#waiter.remove();
    dispose(this.#connect);
    this.#stream?.close();
    this.#stream = null;
  }
}
