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

/** How many task polls are in progress on this thread (nested only through a blockOn refused below). */
let polling = 0;

/** True while some executor on this thread is polling a task (run mode or blockOn). */
export function insideTask(): boolean {
  return polling > 0;
}

/** Brackets one task poll. */
export function enterTask(): void {
  polling++;
}

export function leaveTask(): void {
  polling--;
}
