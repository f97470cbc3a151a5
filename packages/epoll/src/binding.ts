// Loads the native addon from its one fixed place (cmake-js builds it at install time into
// build/Release) and describes what it exports. Nothing outside this package sees these types.
import { createRequire } from 'node:module';
import { SystemError } from './errors.js';

/** An owned fd (socket, eventfd or timerfd). Read/write return -1 for EAGAIN. */
export interface NativeFd {
  readonly fd: number;
  close(): void;
  read(buf: Uint8Array): number;
  write(buf: Uint8Array): number;
  shutdown(how: number): void;
  takeError(): number;
  setNodelay(on: boolean): void;
  localAddr(): SocketAddress;
  peerAddr(): SocketAddress;
  accept(): [NativeFd, SocketAddress] | -1;
  notify(): void;
  share(cell: Int32Array): void;
  readCounter(): number;
  timerSet(ms: number): void;
}

export interface NativeEpoll {
  readonly fd: number;
  close(): void;
  ctl(op: number, fd: number, events: number, token: number): void;
  wait(out: Float64Array, capacity: number, timeoutMs: number): number;
  watch(onReady: () => void): void;
  unwatch(): void;
  ref(): void;
  unref(): void;
}

/** Like Node's `server.address()`. */
export interface SocketAddress {
  address: string;
  port: number;
  family: 'IPv4' | 'IPv6';
}

interface Binding {
  setErrorFactory(factory: (errno: number, syscall: string) => Error): void;
  epollCreate(): NativeEpoll;
  tcpConnect(ip: string, port: number): NativeFd;
  tcpListen(ip: string, port: number, backlog: number): NativeFd;
  eventfd(): NativeFd;
  timerfd(): NativeFd;
  notifyShared(cell: Int32Array): void;
}

const require = createRequire(import.meta.url);
export const native: Binding & Record<string, unknown> = require('../build/Release/ferrite_epoll.node');
native.setErrorFactory((errno, syscall) => new SystemError(errno, syscall));

/** What the native side returns instead of throwing EAGAIN. */
export const NATIVE_WOULD_BLOCK = -1;
