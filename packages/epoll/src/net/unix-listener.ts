/**
 * A non-blocking Unix domain listener (mio's `net::UnixListener`): readable when a connection
 * waits. `bind()` creates the socket file (EADDRINUSE if the path exists, EACCES if its directory
 * forbids it); `close()` does not remove it: the caller unlinks the path, as with mio.
 */
import { native, NATIVE_WOULD_BLOCK, type NativeFd, type UnixSocketAddress } from '../binding.js';
import { invalidArg } from '../errors.js';
import { OwnedFd } from '../owned-fd.js';
import { WOULD_BLOCK, type WouldBlock } from '../would-block.js';
import type { BindOptions } from './tcp-listener.js';
import { checkUnixPath } from './unix-path.js';
import { UnixStream } from './unix-stream.js';

export class UnixListener extends OwnedFd {
  private constructor(handle: NativeFd) {
    super(handle, 'UnixListener');
  }

  /** Binds `path` (or an abstract name starting with `'\0'`) and listens. */
  static override bind(path: string, opts?: BindOptions): UnixListener {
    const checked = checkUnixPath(path);
    const backlog = opts?.backlog ?? 1024;
    if (!Number.isInteger(backlog) || backlog < 1) throw invalidArg(`backlog must be a positive integer, got ${backlog}`);
    return new UnixListener(native.unixListen(checked, backlog));
  }

  /** A waiting connection as a non-blocking CLOEXEC stream and its (usually unnamed) address, or WOULD_BLOCK. */
  accept(): [UnixStream, UnixSocketAddress] | WouldBlock {
    const r = this.handle().accept<UnixSocketAddress>();
    if (r === NATIVE_WOULD_BLOCK) return WOULD_BLOCK;
    return [new UnixStream(r[0]), r[1]];
  }

  localAddr(): UnixSocketAddress {
    return this.handle().localAddr<UnixSocketAddress>();
  }
}
