// The reactor's TcpStream seen through the sync layer's Transport interface.
import { WOULD_BLOCK, type WouldBlock } from '@ferrite/epoll';
import { PENDING, type Context } from '@ferrite/future';
import type { TcpStream, Waiter } from '@ferrite/reactor';
import type { Transport } from './sync/tls-stream.js';

/**
 * The reactor's TcpStream as a sync transport: WOULD_BLOCK is the socket's PENDING, whose waker
 * is already registered when the sync layer sees it. `cx` is set only for the length of one poll;
 * without it (tryRead) reads do not wait and writes do not happen.
 */
export class ReactorTransport implements Transport {
  cx: Context | null = null;
  waiter: Waiter | undefined = undefined;

  constructor(readonly tcp: TcpStream) {}

  read(buf: Uint8Array): number | WouldBlock {
    const cx = this.cx;
    if (cx === null) return this.tcp.tryRead(buf);
    const p = this.tcp.pollRead(cx, buf, this.waiter);
    return p === PENDING ? WOULD_BLOCK : p.value;
  }

  write(buf: Uint8Array): number | WouldBlock {
    const cx = this.cx;
    if (cx === null) return WOULD_BLOCK;
    const p = this.tcp.pollWrite(cx, buf, this.waiter);
    return p === PENDING ? WOULD_BLOCK : p.value;
  }
}
