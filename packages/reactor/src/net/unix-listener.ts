/**
 * An async Unix domain listener (tokio::net::UnixListener): `accept()` is a future of the next
 * connection. `close()` leaves the socket file: unlink the path yourself (as with tokio).
 */
import { net, type UnixSocketAddress } from '@ferrite/epoll';
import { AsyncListener } from './listener.js';
import { wrapUnixStream, type UnixStream } from './unix-stream.js';

export class UnixListener extends AsyncListener<net.UnixStream, UnixStream, UnixSocketAddress> {
  private constructor(raw: net.UnixListener) {
    super('UnixListener', raw, (s) => wrapUnixStream(s));
  }

  /** Binds and listens now (a path, or an abstract name starting with `'\0'`); registers at the first accept. */
  static override bind(path: string, opts?: net.BindOptions): UnixListener {
    return new UnixListener(net.UnixListener.bind(path, opts));
  }
}
