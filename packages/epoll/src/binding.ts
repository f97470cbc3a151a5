// Loads the native addon from its one fixed place (cmake-js builds it at install time into
// build/Release) and describes everything it exports: the fd, epoll and resolver handles, their
// factories, and the error factories. Nothing outside this package sees these types except
// SocketAddress (re-exported by index.ts).
import { loadAddon } from '@ferrite/addon-kit';
import { EpollError, SystemError, type EpollErrorCode } from './errors.js';
import type { ResolvedAddress } from './resolver.js';

/** An owned fd (socket, eventfd or timerfd). Read/write return -1 for EAGAIN. */
export interface NativeFd {
  readonly fd: number;
  close(): void;
  read(buf: Uint8Array): number;
  write(buf: Uint8Array): number;
  shutdown(how: number): void;
  takeError(): number;
  setNodelay(on: boolean): void;
  /** A = UnixSocketAddress on an AF_UNIX socket. */
  localAddr<A = SocketAddress>(): A;
  peerAddr<A = SocketAddress>(): A;
  accept<A = SocketAddress>(): [NativeFd, A] | -1;
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

/** The getaddrinfo thread (src/native/resolver.cc); its fd is an eventfd readable while answers wait. */
export interface NativeResolver {
  readonly fd: number;
  lookup(id: number, host: string): void;
  /** [id, addresses, code, errno]: code null and errno 0 on success; Node's code and errno otherwise. */
  drain(): [number, ResolvedAddress[] | null, string | null, number][];
  close(): void;
}

/** Like Node's `server.address()`. */
export interface SocketAddress {
  address: string;
  port: number;
  family: 'IPv4' | 'IPv6';
}

/**
 * A Unix socket's address: `path` is a filesystem path, an abstract name starting with `'\0'`,
 * or `''` for an unnamed socket (a client's own end).
 */
export interface UnixSocketAddress {
  path: string;
  family: 'Unix';
}

interface Binding {
  setErrorFactory(system: (errno: number, syscall: string) => Error, coded: (code: EpollErrorCode, message: string) => Error): void;
  epollCreate(): NativeEpoll;
  tcpConnect(ip: string, port: number): NativeFd;
  tcpListen(ip: string, port: number, backlog: number): NativeFd;
  /** AF_UNIX; a path starting with NUL is an abstract name. */
  unixConnect(path: string): NativeFd;
  unixListen(path: string, backlog: number): NativeFd;
  eventfd(): NativeFd;
  timerfd(): NativeFd;
  notifyShared(cell: Int32Array): void;
  signalListen(signo: number): NativeFd;
  signalReassert(): void;
  Resolver: new () => NativeResolver;
  /** The classes of NativeFd and NativeEpoll objects; `new` from JavaScript is refused. */
  FdHandle: abstract new () => NativeFd;
  EpollHandle: abstract new () => NativeEpoll;
}

// The addon, or an error that says what to run (install scripts skipped, as pnpm does by default)
// or that this is not Linux (epoll, eventfd, timerfd): an EpollError either way.
export const native = loadAddon<Binding>({
  packageName: '@ferrite/epoll',
  dir: import.meta.url,
  file: 'build/Release/ferrite_epoll.node',
  platforms: ['linux'],
  makeError: (code, message) => new EpollError(code, message),
});
// The addon throws this package's two classes: it builds every error through these.
native.setErrorFactory(
  (errno, syscall) => new SystemError(errno, syscall),
  (code, message) => new EpollError(code, message),
);

/** What the native side returns instead of throwing EAGAIN. */
export const NATIVE_WOULD_BLOCK = -1;
