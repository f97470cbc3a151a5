// Worker storms: a child process (whose main thread does not load the addon, so Node unloads it
// when each worker ends) runs worker after worker with a body, ending each on its own or by
// terminate(), and reports how many fds were left behind.
import { expect } from 'chai';
import { runChild } from './child.js';

const TSX = import.meta.resolve('tsx/esm/api');
const EPOLL = new URL('../../src/index.ts', import.meta.url).href;
export const ADDON = new URL('../../build/Release/ferrite_epoll.node', import.meta.url);

/** A child that runs `rounds` workers with `body`, ending each by `end`, then prints the fd drift. */
/** `npm run test:stress` raises the rounds through STORM_ROUNDS. */
export const STORM_ROUNDS = Number(process.env.STORM_ROUNDS) || 25;

export function storm(body: string, end: 'exit' | 'terminate', rounds = STORM_ROUNDS, afterMs = 20): string {
  return `
    const { Worker } = await import('node:worker_threads');
    const fs = await import('node:fs');
    const fds = () => fs.readdirSync('/proc/self/fd').length;
    const code = \`(async () => {
      (await import(${JSON.stringify(TSX)})).register();
      const epoll = await import(${JSON.stringify(EPOLL)});
      const { parentPort } = await import('node:worker_threads');
      ${body.replace(/`/g, '\\`')}
      parentPort.postMessage(globalThis.started ?? 'started');
    })().catch((e) => { console.error(e); process.exit(1); });\`;
    // A plain worker (no TS loader) that wakes a cell until its waker is closed.
    const wakeUntilClosed = (cell) => new Worker(\`const { workerData } = require('node:worker_threads');
      const binding = require(workerData.addon);
      const t = setInterval(() => { try { binding.notifyShared(workerData.cell); } catch (e) {
        if (e.code !== 'ERR_CLOSED') throw e; clearInterval(t); } }, 1);\`,
      { eval: true, execArgv: [], workerData: { cell, addon: ${JSON.stringify(ADDON.pathname)} } });
    let before = fds();
    for (let i = 0; i < ${rounds}; i++) {
      if (i === 1) before = fds(); // after a warm-up round: module loading opens files of its own
      const w = new Worker(code, { eval: true });
      const exited = new Promise((resolve, reject) => { w.once('exit', resolve); w.once('error', reject); });
      const started = await new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); });
      if (started.cell) wakeUntilClosed(started.cell);
      if (${JSON.stringify(end)} === 'terminate') {
        await new Promise((r) => setTimeout(r, ${afterMs}));
        await w.terminate();
      }
      const exitCode = await exited;
      if (${JSON.stringify(end)} === 'exit' && exitCode !== 0) throw new Error('worker exit code ' + exitCode);
    }
    await new Promise((r) => setTimeout(r, 50));
    console.log(JSON.stringify({ drift: fds() - before }));
  `;
}

export function expectClean(body: string): void {
  const r = runChild(body, { timeoutMs: 60_000 + STORM_ROUNDS * 2000, bare: true });
  expect(r.signal, r.stderr).to.equal(null);
  expect(r.stderr).not.to.match(/FATAL ERROR|Segmentation|Aborted/);
  expect(r.status, r.stderr).to.equal(0);
  // A leak shows as one fd or more per round; startup files closed later may make it negative.
  const { drift } = JSON.parse(r.stdout.trim().split('\n').pop()!) as { drift: number };
  expect(drift, r.stderr).to.be.at.most(0);
}

