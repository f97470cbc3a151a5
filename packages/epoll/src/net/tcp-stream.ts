/**
 * A non-blocking TCP stream (mio's `net::TcpStream`). Register it with a `Poll` to learn when to
 * read or write; `read`/`write` return WOULD_BLOCK instead of waiting.
 *
 * Connecting is non-blocking too: `connect()` returns at once; the stream becomes writable when
 * the connection is established or has failed, and `takeError()` then says which.
 */
import { native, NATIVE_WOULD_BLOCK, type NativeFd, type SocketAddress } from '../binding.js';
import { parseAddress, type Address } from '../address.js';
import { invalidArg, SystemError } from '../errors.js';
import { OwnedFd } from '../owned-fd.js';
import { WOULD_BLOCK, type WouldBlock } from '../would-block.js';

const SHUTDOWN: Record<'read' | 'write' | 'both', number> = { read: 0, write: 1, both: 2 };

export class TcpStream extends OwnedFd {
  /** @internal Streams come from `connect()` or `TcpListener.accept()`. */
  constructor(handle: NativeFd) {
    super(handle, 'TcpStream');
  }

  /** Starts a non-blocking connect (CLOEXEC socket). Wait for writable, then `takeError()`. */
  static connect(addr: Address): TcpStream {
    const { host, port } = parseAddress(addr);
    return new TcpStream(native.tcpConnect(host, port));
  }

  /** Reads into `buf`: bytes read, 0 at end of stream, or WOULD_BLOCK. EINTR is retried. */
  read(buf: Uint8Array): number | WouldBlock {
    const n = this.handle().read(buf);
    return n === NATIVE_WOULD_BLOCK ? WOULD_BLOCK : n;
  }

  /** Writes from `buf`: bytes written (maybe fewer than asked) or WOULD_BLOCK. Never SIGPIPE. */
  write(buf: Uint8Array): number | WouldBlock {
    const n = this.handle().write(buf);
    return n === NATIVE_WOULD_BLOCK ? WOULD_BLOCK : n;
  }

  shutdown(how: 'read' | 'write' | 'both' = 'both'): void {
    const code = SHUTDOWN[how];
    if (code === undefined) throw invalidArg(`shutdown how must be 'read', 'write' or 'both', got ${String(how)}`);
    this.handle().shutdown(code);
  }

  /** The pending socket error (SO_ERROR), cleared by reading it: after a connect, its outcome. */
  takeError(): SystemError | null {
    const errno = this.handle().takeError();
    return errno === 0 ? null : new SystemError(-errno, 'connect');
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
