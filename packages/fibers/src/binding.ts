// Loads the native addon from its one fixed place (cmake-js builds it at install time into
// build/Release) and describes what it exports. Nothing outside this package sees these types.
//
// The native layer checks every argument too (a wrong one is a coded Error, never a crash), but
// the friendly checks and the documented errors are FiberRuntime's.
import { createRequire } from 'node:module';
import type { FiberStats, StackSnapshot } from './runtime.js';

export interface NativeRuntime {
  /** The (first) fiber's id, or -errno (-EAGAIN: maxFibers reached; nothing was spawned). */
  spawn(task: string, n: number, fd: number, callbacks: ((...a: number[]) => unknown)[]): number;
  run(): void;
  step(): boolean;
  close(): void;
  stats(): FiberStats;
  stackSnapshot(id: number, bytes: number): StackSnapshot | null;
  nativeHandle(): unknown;
}

export interface Binding {
  NativeRuntime: new (stackSize: number, maxFibers: number) => NativeRuntime;
  /** kind: 0 ferrite, 1 minimal, 2 swapcontext. */
  benchSwitch(kind: number, iterations: number): number;
}

export const native = createRequire(import.meta.url)('../build/Release/ferrite_fibers.node') as Binding;
