// Runs a TS snippet in a fresh node process (with this package importable as `epoll`).
import { spawnSync } from 'node:child_process';

const EPOLL = new URL('../../src/index.ts', import.meta.url).href;
const PACKAGE_DIR = new URL('../..', import.meta.url).pathname;

export interface ChildResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * `bare`: the child's main thread does not load the package (so the addon is unloaded when the
 * last worker using it ends, which is what worker tests need to exercise).
 */
export function runChild(body: string, opts: { nodeArgs?: string[]; timeoutMs?: number; bare?: boolean } = {}): ChildResult {
  const code = opts.bare ? body : `const epoll = await import(${JSON.stringify(EPOLL)});\n${body}`;
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    [...(opts.nodeArgs ?? []), '--import', 'tsx', '--input-type=module', '-e', code],
    { cwd: PACKAGE_DIR, encoding: 'utf8', timeout: opts.timeoutMs ?? 20_000, killSignal: 'SIGKILL', env: plainEnv() },
  );
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - t0 };
}

/** The environment without colour forcing (lerna sets FORCE_COLOR; console.log would colour). */
function plainEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  return env;
}
