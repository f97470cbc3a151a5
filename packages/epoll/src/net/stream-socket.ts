// What TcpStream and UnixStream share: reads and writes that return WOULD_BLOCK instead of
// waiting, shutdown, and the outcome of a non-blocking connect. One copy for both families.
import { NATIVE_WOULD_BLOCK } from '../binding.js';
import { invalidArg, SystemError } from '../errors.js';
import { OwnedFd } from '../owned-fd.js';
import { WOULD_BLOCK, type WouldBlock } from '../would-block.js';

const SHUTDOWN: Record<'read' | 'write' | 'both', number> = { read: 0, write: 1, both: 2 };

export abstract class StreamSocket extends OwnedFd {
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
}
