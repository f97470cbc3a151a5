/**
 * A non-blocking Unix domain stream socket (mio's `net::UnixStream`): the same contract as
 * `TcpStream` (minus `setNodelay`). `path` is a filesystem path or, starting with `'\0'`, a Linux
 * abstract name (no file; gone when the listener closes).
 *
 * `connect()` returns at once; a connect the kernel cannot finish yet (a full backlog) is not an
 * error: wait for writable, then `takeError()`. A missing path throws ENOENT, a refusing one
 * ECONNREFUSED, a forbidden one EACCES (`syscall` 'connect').
 */
import { native, type NativeFd, type UnixSocketAddress } from '../binding.js';
import { StreamSocket } from './stream-socket.js';
import { checkUnixPath } from './unix-path.js';

export class UnixStream extends StreamSocket {
  /** @internal Streams come from `connect()` or `UnixListener.accept()`. */
  constructor(handle: NativeFd) {
    super(handle, 'UnixStream');
  }

  /** Starts a non-blocking connect (CLOEXEC socket). A path too long for sun_path is ERR_INVALID_ARG_VALUE. */
  static connect(path: string): UnixStream {
    return new UnixStream(native.unixConnect(checkUnixPath(path)));
  }

  /** This end's address: `{ path: '' }` unless it was bound. */
  localAddr(): UnixSocketAddress {
    return this.handle().localAddr<UnixSocketAddress>();
  }

  /** The peer's address (the listener's path or abstract name). */
  peerAddr(): UnixSocketAddress {
    return this.handle().peerAddr<UnixSocketAddress>();
  }
}
