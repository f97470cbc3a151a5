/**
 * `tcpPair()`: a connected pair of non-blocking loopback TCP streams, made synchronously (a
 * listener on an ephemeral port, a connect, an accept; the listener is closed again). What
 * tests, benchmarks and examples need to drive real sockets without a server; mio's
 * `UnixStream::pair` plays the same role.
 */
import { Interest } from '../interest.js';
import { Events } from '../event.js';
import { EpollError } from '../errors.js';
import { Poll } from '../poll.js';
import { WOULD_BLOCK } from '../would-block.js';
import { TcpListener } from './tcp-listener.js';
import { TcpStream } from './tcp-stream.js';

/** [client, server side]; `host` is '127.0.0.1' (default) or '::1'. */
export function tcpPair(host = '127.0.0.1'): [TcpStream, TcpStream] {
  const listener = TcpListener.bind({ host, port: 0 });
  const poll = new Poll();
  let client: TcpStream | null = null;
  try {
    client = TcpStream.connect({ host, port: listener.localAddr().port });
    poll.registry().register(listener, 0, Interest.READABLE, { mode: 'level' });
    const events = new Events(1);
    const deadline = performance.now() + 5000;
    while (performance.now() < deadline) {
      const r = listener.accept();
      if (r !== WOULD_BLOCK) return [client, r[0]];
      poll.poll(events, 100);
    }
    throw new EpollError('ERR_TIMEOUT', 'tcpPair: the loopback connection was not accepted within 5 s');
  } catch (err) {
    client?.close();
    throw err;
  } finally {
    poll.close();
    listener.close();
  }
}
