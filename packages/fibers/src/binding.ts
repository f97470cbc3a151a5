// Loads the native addon from its one fixed place (cmake-js builds it at install time into
// build/Release) and describes what it exports. Nothing outside this package sees these types.
//
// The native layer checks every argument too (a wrong one is a coded Error, never a crash), but
// the friendly checks and the documented errors are FiberRuntime's.
import { loadAddon } from '@ferrite/addon-kit';
import { FiberError, type FiberErrorCode } from './errors.js';
import type { FiberStats, StackSnapshot } from './runtime.js';

export interface NativeRuntime {
  /** The (first) fiber's id; throws ERR_TOO_MANY_FIBERS or the errno name (ENOMEM) instead. */
  spawn(task: number, n: number, fd: number, callbacks: ((...a: number[]) => unknown)[]): number;
  run(): void;
  step(): boolean;
  close(): void;
  stats(): FiberStats;
  stackSnapshot(id: number, bytes: number): StackSnapshot | null;
  nativeHandle(): unknown;
  /** Registers a channel function; returns its id (> 0). */
  channel(fn: (...a: unknown[]) => unknown): number;
  /** The Node-loop mode: onReady is called from Node's loop when the epoll fd is readable. */
  watch(onReady: () => void): void;
  unwatch(): void;
  /** 0 if a fiber is ready, ms to the earliest deadline, or -1. */
  nextWakeMs(): number;
}

export interface Binding {
  NativeRuntime: new (stackSize: number, maxFibers: number) => NativeRuntime;
  /** kind: 0 ferrite, 1 minimal, 2 swapcontext. */
  benchSwitch(kind: number, iterations: number): number;
  /** The deepest `recurse` task a runtime with this stackSize accepts (measured frames, with a margin). */
  recurseDepthLimit(stackSize: number): number;
  /** [argKind (0 count, 1 ms, 2 fd, 3 depth), fibers per spawn] for each task index. */
  taskTable(): [number, number][];
  /** Every error the addon throws is made by this factory (FiberError, below). */
  setErrorFactory(factory: (code: FiberErrorCode, message: string) => Error): void;
}

// The addon, or an error that says what to run (install scripts skipped, as pnpm does by default)
// or that the context switch has no assembly for this machine: a FiberError either way.
export const native = loadAddon<Binding>({
  packageName: '@ferrite/fibers',
  dir: import.meta.url,
  file: 'build/Release/ferrite_fibers.node',
  platforms: ['linux-x64', 'linux-arm64'],
  makeError: (code, message) => new FiberError(code, message),
});
native.setErrorFactory((code, message) => new FiberError(code, message));
