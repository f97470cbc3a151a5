/**
 * 10,000 concurrent in-flight GETs (each held 1 s by the delay server), one connection each.
 * Reports completion, wall time and ferrite's memory per in-flight request (RSS and JS heap
 * growth at the peak over the baseline). Needs `ulimit -n` above 20,000: run it through
 * `bench/http-inflight.sh`, which raises the limit first.
 *
 *   bash bench/http-inflight.sh [--requests 10000] [--quick]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawnDelayServer } from '@ferrite/delayserver';
import { Runtime } from '@ferrite/executor';
import { coroutine, joinAll, wait } from '@ferrite/future';
import { HttpClient } from '@ferrite/http-client';
import { sleep } from '@ferrite/reactor';
import { arg, quick, report } from './lib/report.js';

const N = arg('requests', quick ? 2000 : 10_000);
const RUNS = arg('runs', quick ? 1 : 5);
const server = await spawnDelayServer();

function once(): { ms: number; rssPerRequest: number; heapPerRequest: number } {
  using rt = new Runtime();
  using client = new HttpClient({ runtime: rt, maxConnections: N, keepAlive: false, defaults: { connectTimeout: 60_000 } });
  globalThis.gc?.();
  const base = process.memoryUsage();
  let peak = { rss: 0, heapUsed: 0 };
  const t0 = performance.now();
  const bodies = rt.blockOn(coroutine(function* () {
    const sampler = rt.spawn(coroutine(function* () {
      for (;;) {
        const m = process.memoryUsage();
        if (m.rss > peak.rss) peak = { rss: m.rss, heapUsed: m.heapUsed };
        yield* wait(sleep(50));
      }
    })());
    const all = yield* wait(joinAll(Array.from({ length: N }, (_, i) => client.get(`${server.url}/1000/r${i}`))));
    sampler.abort();
    return all.map((r) => r.text());
  })());
  const ms = performance.now() - t0;
  if (bodies.length !== N || bodies.some((b, i) => b !== `r${i}`)) throw new Error('missing or wrong responses');
  return { ms, rssPerRequest: (peak.rss - base.rss) / N, heapPerRequest: (peak.heapUsed - base.heapUsed) / N };
}

// RSS never shrinks back within a process, so each repetition runs in a fresh process of its own
// (this same script with --child) and reports its figures as JSON.
if (process.argv.includes('--child')) {
  process.stdout.write(`${JSON.stringify(once())}\n`);
  await server.close();
  process.exit(0);
}
const runs: ReturnType<typeof once>[] = [];
for (let r = 0; r < RUNS; r++) {
  process.stderr.write(`\rhttp-inflight: ${N} requests, run ${r + 1}/${RUNS}   `);
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', '--requests', String(N)], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`inflight child failed: ${child.stderr}`);
  runs.push(JSON.parse(child.stdout.trim().split('\n').pop()!));
}
process.stderr.write('\n');
report({ bench: `http: ${N.toLocaleString('en-US')} in-flight requests (1 s each)`, metric: 'wall time to complete all', unit: 'ms', better: 'lower', ferrite: runs.map((r) => r.ms), peers: {} });
report({ bench: `http: ${N.toLocaleString('en-US')} in-flight requests (1 s each)`, metric: 'RSS per in-flight request', unit: 'bytes', better: 'lower', ferrite: runs.map((r) => r.rssPerRequest), peers: {} });
report({ bench: `http: ${N.toLocaleString('en-US')} in-flight requests (1 s each)`, metric: 'JS heap per in-flight request', unit: 'bytes', better: 'lower', ferrite: runs.map((r) => r.heapPerRequest), peers: {} });
await server.close();
