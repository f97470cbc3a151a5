// Runs a snippet of ESM in a fresh Node (with tsx, and gc() exposed), for what must not happen in
// the test process itself: a crash or exit, or garbage collection observed from outside.
import { spawnSync } from 'node:child_process';

const SRC = new URL('../../src/index.ts', import.meta.url).href;

export interface ChildResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `body` sees `E` (this package), `R` (@ferrite/reactor), `F` (@ferrite/future), `fdCount()`,
 * `collect()` (a few full GCs with loop turns between, so finalizers run) and `strictTimerFd()`
 * (makes TimerFd.set throw EINVAL past 2^31-1 ms, as the native binding once did).
 */
export function child(body: string, timeoutMs = 20_000): ChildResult {
  const code = `const E = await import(${JSON.stringify(SRC)});
    const R = await import('@ferrite/reactor');
    const F = await import('@ferrite/future');
    const { TimerFd } = await import('@ferrite/epoll');
    const { readdirSync } = await import('node:fs');
    const fdCount = () => readdirSync('/proc/self/fd').length;
    const collect = async () => { for (let i = 0; i < 6; i++) { globalThis.gc(); await new Promise((r) => setImmediate(r)); } };
    const strictTimerFd = () => { const set = TimerFd.prototype.set;
      TimerFd.prototype.set = function (ms) { if (!(ms <= 0x7fffffff)) throw Object.assign(new Error('timerfd_settime EINVAL'), { code: 'EINVAL' }); return set.call(this, ms); }; };
    ${body}`;
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: new URL('../..', import.meta.url).pathname,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
