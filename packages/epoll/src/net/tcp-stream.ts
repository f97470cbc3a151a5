/**
 * A non-blocking TCP stream (mio's `net::TcpStream`). Register it with a `Poll` to learn when to
 * read or write; `read`/`write` return WOULD_BLOCK instead of waiting.
 *
 * Connecting is non-blocking too: `connect()` returns at once; the stream becomes writable when
 * the connection is established or has failed, and `takeError()` then says which.
 */
import { native, type NativeFd, type SocketAddress } from '../binding.js';
import { parseAddress, type Address } from '../address.js';
import { StreamSocket } from './stream-socket.js';

export class TcpStream extends StreamSocket {
  /** @internal Streams come from `connect()` or `TcpListener.accept()`. */
  constructor(handle: NativeFd) {
    super(handle, 'TcpStream');
  }

  /** Starts a non-blocking connect (CLOEXEC socket). Wait for writable, then `takeError()`. */
  static connect(addr: Address): TcpStream {
    const { host, port } = parseAddress(addr);
    return new TcpStream(native.tcpConnect(host, port));
  }

  setNodelay(on = true): void {
    this.handle().setNodelay(on);
  }

  localAddr(): SocketAddress {
    return this.handle().localAddr();
  }

  /** The peer's address; ENOTCONN while the connect is still in progress. */
  peerAddr(): SocketAddress {
    return this.handle().peerAddr();
  }
}
