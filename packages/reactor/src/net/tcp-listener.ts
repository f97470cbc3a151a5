/**
 * An async TCP listener (tokio::net::TcpListener): `accept()` is a future of the next connection.
 * Like a stream, a listener dropped without close() is closed when collected, with a
 * `FERRITE_UNCLOSED` warning.
 */
import { net, type SocketAddress } from '@ferrite/epoll';
import { AsyncListener } from './listener.js';
import { wrapStream, type TcpStream } from './tcp-stream.js';

export class TcpListener extends AsyncListener<net.TcpStream, TcpStream, SocketAddress> {
  private constructor(raw: net.TcpListener) {
    super('TcpListener', raw, (s) => wrapStream(s));
  }

  /** Binds and listens now (an IP literal address); registers with the reactor at the first accept. */
  static override bind(addr: string | { host: string; port: number }, opts?: net.BindOptions): TcpListener {
    return new TcpListener(net.TcpListener.bind(addr, opts));
  }
}
