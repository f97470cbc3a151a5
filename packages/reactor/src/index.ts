/**
 * @ferrite/reactor: turns epoll readiness into wakes for @ferrite/future futures, with timers on
 * one timerfd, async TCP, and DNS on a native thread. Run its futures with @ferrite/executor.
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
export { Reactor, type LookupRequest } from './reactor.js';
export { Registration } from './registration.js';
export { Waiter } from './waiters.js';
export { currentReactor, enterReactor } from './current.js';
export { sleep, timeout, interval, Sleep, Interval } from './time.js';
export { lookup } from './lookup.js';
export { signal, ctrlC, SignalStream } from './signal.js';
export { TcpStream } from './net/tcp-stream.js';
// What tryRead() returns when nothing is there (the same symbol as @ferrite/epoll's).
export { WOULD_BLOCK, type WouldBlock } from '@ferrite/epoll';
export { TcpListener } from './net/tcp-listener.js';
export { splitHostPort, type HostAddress } from './net/address.js';
export { TimeoutError, NoReactorError, ReactorError } from './errors.js';
export { TimerQueue, type TimerEntry } from './timer-queue.js';
