/**
 * @ferrite/epoll: a safe epoll binding for Node.js on Linux, shaped like Rust's mio.
 *
 * ```ts
 * import { Poll, Events, Interest, WOULD_BLOCK, net } from '@ferrite/epoll';
 *
 * const poll = new Poll();
 * const events = new Events(64);
 * const stream = net.TcpStream.connect('127.0.0.1:8080');
 * poll.registry().register(stream, 0, Interest.READABLE | Interest.WRITABLE);
 *
 * poll.poll(events, 1000);
 * for (const event of events) {
 *   if (event.token === 0 && event.isWritable()) {
 *     const err = stream.takeError();   // null: connected
 *     if (err) throw err;
 *     stream.write(new TextEncoder().encode('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
 *   }
 * }
 * stream.close();
 * poll.close();
 * ```
 *
 * Errors: failed syscalls and lookups throw `SystemError` (Node's shape: `code`, negative `errno`,
 * `syscall`; `hostname` for lookups); everything else throws `EpollError` with a stable `code`
 * from `EpollErrorCode` (`ERR_CLOSED`, `ERR_INVALID_ARG_VALUE`, `ERR_INVALID_ADDRESS`, ...).
 * EAGAIN is never thrown: it is `WOULD_BLOCK`.
 */
export { Poll } from './poll.js';
export { Registry, type Source, type Mode, type RegisterOptions } from './registry.js';
export { Interest, type InterestBits } from './interest.js';
export { Events, Event } from './event.js';
export { Waker, type WakerCell } from './waker.js';
export { TimerFd } from './timerfd.js';
export { SignalListener } from './signal-listener.js';
export { Resolver, type LookupAnswer, type ResolvedAddress } from './resolver.js';
export { WOULD_BLOCK, type WouldBlock } from './would-block.js';
export { SystemError, EpollError, type EpollErrorCode } from './errors.js';
export { parseAddress, parseHostPort, stripBrackets, type Address, type HostPort, type ParsedAddress } from './address.js';
export type { SocketAddress, UnixSocketAddress } from './binding.js';
export * as net from './net/index.js';
