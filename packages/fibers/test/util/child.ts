// Runs a script under test/children in a child process (with tsx), so that a crash — a signal,
// a FATAL ERROR abort, a hang — fails the test instead of taking the runner down.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/** `nodeArgs` go before the script (--expose-gc), `args` after it. */
export interface ChildOptions {
  nodeArgs?: string[];
  args?: string[];
}

export function runChild(name: string, timeoutMs = 60_000 + (Number(process.env.STORM_ROUNDS) || 0) * 2500, opts: ChildOptions = {}): SpawnSyncReturns<string> {
  const script = fileURLToPath(new URL(`../children/${name}`, import.meta.url));
  const argv = [...(opts.nodeArgs ?? []), '--import', 'tsx', script, ...(opts.args ?? [])];
  return spawnSync(process.execPath, argv, { cwd: packageDir, encoding: 'utf8', timeout: timeoutMs });
}

/** Exit status 0, no signal, no abort, not killed by the timeout. */
export function expectClean(r: SpawnSyncReturns<string>): void {
  const why = `signal ${r.signal}, status ${r.status}\n${r.stderr}\n${r.stdout}`;
  expect(r.error, why).to.equal(undefined);
  expect(r.signal, why).to.equal(null);
  expect(r.stderr, why).to.not.include('FATAL ERROR');
  expect(r.status, why).to.equal(0);
}
