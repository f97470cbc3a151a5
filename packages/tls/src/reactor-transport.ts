// The reactor's TcpStream seen through the sync layer's Transport interface.
import { WOULD_BLOCK, type WouldBlock } from '@ferrite/epoll';
import { PENDING, type Context } from '@ferrite/future';
import { Waiter, type TcpStream } from '@ferrite/reactor';
import type { Transport } from './sync/tls-stream.js';

/**
 * The reactor's TcpStream as a sync transport: WOULD_BLOCK is the socket's PENDING, whose waker
 * is already registered when the sync layer sees it. `cx` is set only for the length of one poll;
 * without it (tryRead) reads do not wait and writes do not happen.
 */
export class ReactorTransport implements Transport {
  cx: Context | null = null;
  waiter: Waiter | undefined = undefined;
  /**
   * True while a read runs. A read flushes pending ciphertext first, then reads anyway (see the
   * sync layer's read): its task must then wait for either direction, and a Waiter sits in one
   * list at a time, so the flush waits on `flushWaiter` while the read's own waiter waits to read.
   */
  reading = false;
  readonly flushWaiter = new Waiter();

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
    const w = this.reading && this.waiter !== undefined ? this.flushWaiter : this.waiter;
    const p = this.tcp.pollWrite(cx, buf, w);
    return p === PENDING ? WOULD_BLOCK : p.value;
  }
}
