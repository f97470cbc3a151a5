// Loads the native addon from its one fixed place (cmake-js builds it at install time into
// build/Release) and describes what it exports. Nothing outside this package sees these types.
//
// The native layer checks every argument too (a wrong one is a coded Error, never a crash), but
// the friendly checks and the documented errors are FiberRuntime's.
import { createRequire } from 'node:module';
import { FiberError, type FiberErrorCode } from './errors.js';
import type { FiberStats, StackSnapshot } from './runtime.js';

export interface NativeRuntime {
  /** The (first) fiber's id; throws ERR_TOO_MANY_FIBERS or the errno name (ENOMEM) instead. */
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
  /** The deepest `recurse` task a runtime with this stackSize accepts (measured frames, with a margin). */
  recurseDepthLimit(stackSize: number): number;
  /** Every error the addon throws is made by this factory (FiberError, below). */
  setErrorFactory(factory: (code: FiberErrorCode, message: string) => Error): void;
}

export const native = load();
native.setErrorFactory((code, message) => new FiberError(code, message));

/** The addon, or an error that says what to run (install scripts skipped, as pnpm does by default). */
function load(): Binding {
  if (process.platform !== 'linux' || (process.arch !== 'x64' && process.arch !== 'arm64')) {
    throw new FiberError('ERR_UNSUPPORTED_PLATFORM', `@ferrite/fibers needs Linux on x64 or arm64; this is ${process.platform}-${process.arch}`);
  }
  try {
    return createRequire(import.meta.url)('../build/Release/ferrite_fibers.node') as Binding;
  } catch (err) {
    if ((err as { code?: string }).code !== 'MODULE_NOT_FOUND') throw err;
    throw new FiberError(
      'ERR_NATIVE_BUILD_MISSING',
      '@ferrite/fibers: the native addon is not built (build/Release/ferrite_fibers.node is missing: ' +
        'were install scripts skipped?). Build it with `npm rebuild @ferrite/fibers` ' +
        '(pnpm: `pnpm rebuild @ferrite/fibers`, after allowing its build script); it needs cmake and a C++ compiler.',
    );
  }
}
