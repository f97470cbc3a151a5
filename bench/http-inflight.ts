/**
 * 10,000 concurrent in-flight GETs, one connection each, held by the delay server until every
 * one of them is in flight (1 s + 0.2 ms per request), from ferrite (HttpClient, blockOn) and from
 * undici (an Agent allowing N connections), each repetition in a fresh process, the two
 * alternating. Reports wall time and memory per in-flight request over the baseline: RSS at its
 * peak (sampled every 50 ms, garbage included: what the machine sees), and RSS and JS heap after
 * a full GC while every request waits (what the requests themselves keep). Needs `ulimit -n` above
 * 20,000: run it through `bench/http-inflight.sh`, which raises the limit first.
 *
 *   bash bench/http-inflight.sh [--requests 10000] [--runs 5] [--quick]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawnDelayServer } from '@ferrite/delayserver';
import { Runtime } from '@ferrite/executor';
import { coroutine, joinAll, wait } from '@ferrite/future';
import { HttpClient } from '@ferrite/http-client';
import { sleep } from '@ferrite/reactor';
import { Agent, request } from 'undici';
import { arg, quick, report } from './lib/report.js';

const N = arg('requests', quick ? 2000 : 10_000);
const RUNS = Math.max(3, arg('runs', quick ? 3 : 5));
/** Long enough for every request to be in flight at once (connecting 10,000 takes over a second). */
const HOLD_MS = Math.round(1000 + N / 5);

interface Figures {
  ms: number;
  peakRss: number;
  rss: number;
  heap: number;
}

/** Samples memory: the peak every 50 ms, and once after a full GC at 3/4 of the hold. */
function memorySampler(base: NodeJS.MemoryUsage) {
  const fig = { peakRss: 0, rss: 0, heap: 0 };
  return {
    fig,
    tick() {
      fig.peakRss = Math.max(fig.peakRss, (process.memoryUsage().rss - base.rss) / N);
    },
    settled() {
      globalThis.gc?.();
      const m = process.memoryUsage();
      fig.rss = (m.rss - base.rss) / N;
      fig.heap = (m.heapUsed - base.heapUsed) / N;
    },
  };
}

const check = (bodies: string[]) => {
  if (bodies.length !== N || bodies.some((b, i) => b !== `r${i}`)) throw new Error('missing or wrong responses');
};

function ferrite(url: string): Figures {
  using rt = new Runtime();
  using client = new HttpClient({ runtime: rt, maxConnections: N, keepAlive: false, defaults: { connectTimeout: 120_000 } });
  globalThis.gc?.();
  const mem = memorySampler(process.memoryUsage());
  const t0 = performance.now();
  const bodies = rt.blockOn(coroutine(function* () {
    const sampler = rt.spawn(coroutine(function* () {
      for (let t = 0; ; t += 50) {
        mem.tick();
        if (t >= HOLD_MS * 0.75 && mem.fig.rss === 0) mem.settled();
        yield* wait(sleep(50));
      }
    })());
    const all = yield* wait(joinAll(Array.from({ length: N }, (_, i) => client.get(`${url}/${HOLD_MS}/r${i}`))));
    sampler.abort();
    return all.map((r) => r.text());
  })());
  const ms = performance.now() - t0;
  check(bodies);
  return { ms, ...mem.fig };
}

async function undici(url: string): Promise<Figures> {
  const agent = new Agent({ connections: N, headersTimeout: 120_000, connectTimeout: 120_000 });
  globalThis.gc?.();
  const mem = memorySampler(process.memoryUsage());
  const t0 = performance.now();
  let t = 0;
  const timer = setInterval(() => {
    mem.tick();
    if ((t += 50) >= HOLD_MS * 0.75 && mem.fig.rss === 0) mem.settled();
  }, 50);
  const bodies = await Promise.all(Array.from({ length: N }, (_, i) => request(`${url}/${HOLD_MS}/r${i}`, { dispatcher: agent }).then((r) => r.body.text())));
  clearInterval(timer);
  const ms = performance.now() - t0;
  check(bodies);
  await agent.close();
  return { ms, ...mem.fig };
}

// RSS never shrinks back within a process, so each repetition runs in a fresh process of its own
// (this same script with --child <side>) and reports its figures as JSON.
if (process.argv.includes('--child')) {
  const side = process.argv[process.argv.indexOf('--child') + 1];
  const server = await spawnDelayServer();
  const fig = side === 'undici' ? await undici(server.url) : ferrite(server.url);
  process.stdout.write(`${JSON.stringify(fig)}\n`);
  await server.close();
  process.exit(0);
}

const runs: Record<'ferrite' | 'undici', Figures[]> = { ferrite: [], undici: [] };
for (let r = 0; r < RUNS; r++) {
  // A B B A ...: neither side always runs first.
  for (const side of r % 2 === 0 ? (['ferrite', 'undici'] as const) : (['undici', 'ferrite'] as const)) {
    process.stderr.write(`\rhttp-inflight: ${N} requests, run ${r + 1}/${RUNS}, ${side}   `);
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', side, '--requests', String(N)], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`inflight child (${side}) failed: ${child.stderr}`);
    runs[side].push(JSON.parse(child.stdout.trim().split('\n').pop()!) as Figures);
  }
}
process.stderr.write('\n');
const bench = `http: ${N.toLocaleString('en-US')} in-flight requests`;
const row = (metric: string, unit: string, key: keyof Figures) =>
  report({ bench, metric, unit, better: 'lower', ferrite: runs.ferrite.map((f) => f[key]), peers: { 'undici Agent': runs.undici.map((f) => f[key]) } });
row('wall time to complete all', 'ms', 'ms');
row('peak RSS per in-flight request', 'bytes', 'peakRss');
row('RSS per in-flight request, after a GC', 'bytes', 'rss');
row('JS heap per in-flight request, after a GC', 'bytes', 'heap');
