/** A non-blocking TCP listener (mio's `net::TcpListener`): readable when a connection waits. */
import { native, NATIVE_WOULD_BLOCK, type NativeFd, type SocketAddress } from '../binding.js';
import { parseAddress, type Address } from '../address.js';
import { invalidArg } from '../errors.js';
import { OwnedFd } from '../owned-fd.js';
import { WOULD_BLOCK, type WouldBlock } from '../would-block.js';
import { TcpStream } from './tcp-stream.js';

export interface BindOptions {
  /** listen(2) backlog; default 1024. */
  backlog?: number;
}

export class TcpListener extends OwnedFd {
  private constructor(handle: NativeFd) {
    super(handle, 'TcpListener');
  }

  /** Binds (SO_REUSEADDR) and listens. Port 0 picks a free port: see `localAddr()`. */
  static override bind(addr: Address, opts?: BindOptions): TcpListener {
    const { host, port } = parseAddress(addr);
    const backlog = opts?.backlog ?? 1024;
    if (!Number.isInteger(backlog) || backlog < 1) throw invalidArg(`backlog must be a positive integer, got ${backlog}`);
    return new TcpListener(native.tcpListen(host, port, backlog));
  }

  /** A waiting connection as a non-blocking CLOEXEC stream and its address, or WOULD_BLOCK. */
  accept(): [TcpStream, SocketAddress] | WouldBlock {
    const r = this.handle().accept();
    if (r === NATIVE_WOULD_BLOCK) return WOULD_BLOCK;
    return [new TcpStream(r[0]), r[1]];
  }

  localAddr(): SocketAddress {
    return this.handle().localAddr();
  }
}
