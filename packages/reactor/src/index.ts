/**
 * @ferrite/reactor: turns epoll readiness into wakes for @ferrite/future futures, with timers on
 * one timerfd, async TCP and Unix sockets, and DNS on a native thread. Run its futures with @ferrite/executor.
 *
 * ```ts
 * import { Runtime } from '@ferrite/executor';
 * import { TcpStream, sleep, timeout } from '@ferrite/reactor';
 * import { coroutine, wait } from '@ferrite/future';
 *
 * const main = coroutine(function* () {
 *   yield* wait(sleep(100));
 *   const stream = yield* wait(timeout(TcpStream.connect('localhost:8080'), 1000));
 *   stream.close();
 * });
 * new Runtime().blockOn(main());
 * ```
 */
export { Reactor } from './reactor.js';
export type { Registration } from './registration.js';
export { Waiter } from './waiters.js';
export { currentReactor } from './current.js';
export { sleep, sleepUntil, timeout, type Sleep, type SleepOptions } from './time.js';
export { interval, type Interval } from './interval.js';
export { lookup } from './lookup.js';
export { signal, ctrlC, SignalStream } from './signal.js';
export { TcpStream, type HostAddress } from './net/tcp-stream.js';
export { IoFuture, readToEnd, writeAll, type AsyncRead, type AsyncWrite } from './io.js';
// What tryRead() returns when nothing is there (the same symbol as @ferrite/epoll's).
export { WOULD_BLOCK, type WouldBlock } from '@ferrite/epoll';
export { TcpListener } from './net/tcp-listener.js';
export { UnixStream } from './net/unix-stream.js';
export { UnixListener } from './net/unix-listener.js';
export { ReactorError, TimeoutError, type ReactorErrorCode } from './errors.js';
