// Runs a snippet of ESM in a fresh Node (with tsx, and gc() exposed), for what must not happen in
// the test process itself: a crash or exit, or garbage collection observed from outside.
import { spawnSync } from 'node:child_process';

const SRC = new URL('../../src/index.ts', import.meta.url).href;

export interface ChildResult {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** `body` sees `R` (this package's exports), `F` (@ferrite/future), `T` (its testing helpers) and `fdCount()`, `collect()`. */
export function child(body: string, timeoutMs = 20_000): ChildResult {
  const code = `const R = await import(${JSON.stringify(SRC)});
    const F = await import('@ferrite/future');
    const T = await import('@ferrite/future/testing');
    const { readdirSync } = await import('node:fs');
    const fdCount = () => readdirSync('/proc/self/fd').length;
    // A few full GCs with turns of the loop between them, so that finalizers get to run.
    const collect = async () => { for (let i = 0; i < 6; i++) { globalThis.gc(); await new Promise((r) => setImmediate(r)); } };
    ${body}`;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: new URL('../..', import.meta.url).pathname,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - t0 };
}
