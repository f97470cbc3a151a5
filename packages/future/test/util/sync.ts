// Helpers for the sync primitive tests: a waker that counts its wakes, and a runner for many tasks.
import { Context, Waker, type Future, type Poll } from '../../src/index.js';
import type { ManualClock, TestExecutor, TestTask } from '../../src/testing/index.js';
export { INSPECT } from '../../src/sync/wait-list.js';

/** A task stand-in: polls futures with its own waker and counts how often it was woken. */
export class Spy {
  wakes = 0;
  readonly waker = Waker.from(() => {
    this.wakes++;
  });
  readonly cx = new Context(this.waker);

  poll<T>(f: Future<T>): Poll<T> {
    return f.poll(this.cx);
  }
}

/** n spies. */
export const spies = (n: number) => Array.from({ length: n }, () => new Spy());

/**
 * Runs every task to the end, advancing `clock` only when nothing is ready. Throws if the tasks
 * stall with no timer left to fire (a lost wakeup, or a real deadlock, in the code under test),
 * or are still running after `maxTime` simulated ms (a livelock).
 */
export function runAll(ex: TestExecutor, tasks: readonly TestTask<unknown>[], clock: ManualClock, maxTime = 100_000): void {
  for (;;) {
    ex.runUntilStalled();
    if (tasks.every((t) => t.done)) return;
    if (clock.now > maxTime) throw new Error(`still running after ${maxTime} simulated ms`);
    if (clock.nextDeadline() === null) {
      const stuck = tasks.flatMap((t, i) => (t.done ? [] : [i]));
      throw new Error(`stalled: tasks ${stuck.join(', ')} wait and nothing can wake them`);
    }
    clock.advance();
  }
}
