// Drives reactor futures without the executor package (which depends on this one): the future
// package's TestExecutor polls, and the reactor is turned whenever nothing is ready.
import { readdirSync } from 'node:fs';
import type { Future } from '@ferrite/future';
import { TestExecutor } from '@ferrite/future/testing';
import type { Reactor } from '../../src/index.js';

export function block<T>(reactor: Reactor, future: Future<T>, limitMs = 10_000): T {
  const ex = new TestExecutor();
  const task = ex.spawn(future);
  const deadline = performance.now() + limitMs;
  reactor.enter(() => {
    for (;;) {
      ex.runUntilStalled();
      if (task.done) return;
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`block: not done after ${limitMs} ms`);
      reactor.turn(left);
    }
  });
  if (task.failed) throw task.error;
  return task.value as T;
}

export const fdCount = () => readdirSync('/proc/self/fd').length;
export const bytes = (s: string) => new TextEncoder().encode(s);
export const text = (b: Uint8Array) => new TextDecoder().decode(b);
