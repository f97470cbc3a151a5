/**
 * Fibers: ns per one-way switch (ferrite's switch with MXCSR/x87 vs a bare minimal switch vs
 * glibc swapcontext, all in the same binary); spawn + run + exit per fiber; RSS per fiber with
 * 100,000 live fibers (64 KiB guarded stacks).
 *
 *   node --import tsx bench/fibers.ts [--runs 5] [--quick]
 */
import { FiberRuntime } from '@ferrite/fibers';
import { benchSwitch, spawnTestTask } from '@ferrite/fibers/testing';
import { arg, quick, report } from './lib/report.js';

const RUNS = arg('runs', quick ? 3 : 5);
const SWITCHES = quick ? 2_000_000 : 10_000_000;
const FIBERS = 100_000;

const ours: number[] = [];
const minimal: number[] = [];
const swapctx: number[] = [];
benchSwitch('ferrite', 100_000);
for (let r = 0; r < RUNS; r++) {
  process.stderr.write(`\rfibers: switch run ${r + 1}/${RUNS}   `);
  ours.push(benchSwitch('ferrite', SWITCHES));
  minimal.push(benchSwitch('minimal', SWITCHES));
  swapctx.push(benchSwitch('swapcontext', SWITCHES / 20));
}
process.stderr.write('\n');
report({ bench: 'fibers: context switch', metric: 'one-way switch', unit: 'ns', better: 'lower', ferrite: ours, peers: { 'minimal switch': minimal, swapcontext: swapctx } });

const fresh: number[] = [];
const pooled: number[] = [];
const rss: number[] = [];
const timeRun = (rt: FiberRuntime) => {
  const t0 = performance.now();
  for (let i = 0; i < FIBERS; i++) spawnTestTask(rt, 'noop', {});
  rt.run();
  return ((performance.now() - t0) * 1e6) / FIBERS;
};
for (let r = 0; r < RUNS; r++) {
  process.stderr.write(`\rfibers: ${FIBERS} fibers run ${r + 1}/${RUNS}   `);
  // RSS with every fiber alive and suspended at once, stacks fresh from mmap.
  let rt = new FiberRuntime({ stackSize: 64 * 1024 });
  const before = process.memoryUsage().rss;
  for (let i = 0; i < FIBERS; i++) spawnTestTask(rt, 'yielder', { n: 1 });
  rt.step();
  rss.push((process.memoryUsage().rss - before) / FIBERS);
  rt.run();
  rt.close();
  // Spawn + run + exit: stacks fresh from mmap (new runtime), then reused from the pool.
  rt = new FiberRuntime({ stackSize: 64 * 1024 });
  fresh.push(timeRun(rt));
  pooled.push(timeRun(rt));
  rt.close();
}
process.stderr.write('\n');
const bench = `fibers: ${FIBERS.toLocaleString('en-US')} fibers, 64 KiB guarded stacks`;
report({ bench, metric: 'spawn + run + exit per fiber, fresh stacks', unit: 'ns', better: 'lower', ferrite: fresh, peers: {} });
report({ bench, metric: 'spawn + run + exit per fiber, pooled stacks', unit: 'ns', better: 'lower', ferrite: pooled, peers: {} });
report({ bench, metric: 'RSS per live fiber', unit: 'bytes', better: 'lower', ferrite: rss, peers: {} });
