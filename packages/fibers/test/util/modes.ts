// The two ways to run a FiberRuntime, for suites that run once per mode (the same tests in both).
import { readdirSync } from 'node:fs';
import type { FiberRuntime } from '../../src/index.js';

export const modes: Record<string, (rt: FiberRuntime) => Promise<void>> = {
  'run() (blocking)': async (rt) => rt.run(),
  'runInLoop() (Node loop)': (rt) => rt.runInLoop(),
};

/** Open fds of this process. */
export function fdCount(): number {
  return readdirSync('/proc/self/fd').length;
}

