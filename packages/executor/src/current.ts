// The runtime whose tasks are being polled on this thread: what currentRuntime() and spawn() see.
import type { Runtime } from './runtime.js';

let current: Runtime | null = null;

export function getCurrent(): Runtime | null {
  return current;
}

/** Makes `rt` current and returns the previous one, to be restored by the caller. */
export function swapCurrent(rt: Runtime | null): Runtime | null {
  const previous = current;
  current = rt;
  return previous;
}
