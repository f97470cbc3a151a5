// The same suite over both ways to run (opentelemetry-style): each test gets `exec(rt, future)`.
import { readdirSync } from 'node:fs';
import type { Future } from '@ferrite/future';
import { Runtime } from '../../src/index.js';

export interface Mode {
  name: 'blockOn' | 'run';
  exec<T>(rt: Runtime, future: Future<T>): Promise<T>;
}

export const MODES: Mode[] = [
  { name: 'blockOn', exec: async (rt, f) => rt.blockOn(f) },
  { name: 'run', exec: (rt, f) => rt.run(f) },
];

export const fdCount = () => readdirSync('/proc/self/fd').length;
export const bytes = (s: string) => new TextEncoder().encode(s);

/**
 * Inside a describe: a new Runtime for each test (`each.rt`), closed after it. A test may put one
 * made with other options in its place; that one is closed instead.
 */
export function freshRuntime(): { rt: Runtime } {
  const each = { rt: null as unknown as Runtime };
  beforeEach(() => (each.rt = new Runtime()));
  afterEach(() => each.rt.close());
  return each;
}
