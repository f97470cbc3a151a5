/**
 * HTTP GET against the same local server (a Node http server in its own process), closed loop:
 * 10 requests in flight at all times.
 *  - keep-alive, 11-byte body: ferrite HttpClient (blockOn) vs undici Pool(10).request vs
 *    http.get with a keep-alive Agent(10) vs fetch;
 *  - a new connection per request: ferrite (keepAlive: false) vs undici (Connection: close) vs http (agent: false);
 *  - keep-alive, 64 KiB body: ferrite vs undici vs http.
 * Prints the client process's CPU time per request (the server runs in its own process, so this
 * is the client's cost alone: on 2 cores the server bounds req/s, which hides it), req/s, p50/p99
 * latency and ferrite's ratio to each peer; rounds interleaved until stable (bench/lib/measure.ts).
 *
 *   node --import tsx bench/http.ts [--requests 20000] [--runs 5] [--max-runs 25] [--quick]
 */
import http from 'node:http';
import { Runtime } from '@ferrite/executor';
import { coroutine, joinAll, wait } from '@ferrite/future';
import { HttpClient } from '@ferrite/http-client';
import { Pool, request as undiciRequest } from 'undici';
import { percentile, startChild } from './lib/child.js';
import { interleave, type Sample } from './lib/measure.js';
import { arg, median, quick, report } from './lib/report.js';

const CONCURRENCY = 10;
const REQUESTS = arg('requests', quick ? 4000 : 20000);

interface Run extends Sample {
  p50: number;
  p99: number;
}

function summarize(latencies: number[], ms: number, cpu0: NodeJS.CpuUsage): Run {
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  return {
    perSec: latencies.length / (ms / 1000),
    cpuNs: ((cpu.user + cpu.system) * 1000) / latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

/** ferrite: CONCURRENCY coroutines, each issuing its share of requests back to back. */
function ferrite(url: string, n: number, keepAlive: boolean): Run {
  using rt = new Runtime();
  using client = new HttpClient({ runtime: rt, maxConnections: CONCURRENCY, keepAlive });
  const lat: number[] = [];
  const worker = coroutine(function* (count: number) {
    for (let i = 0; i < count; i++) {
      const t = performance.now();
      const res = yield* wait(client.get(url));
      if (res.status !== 200) throw new Error(`status ${res.status}`);
      lat.push(performance.now() - t);
    }
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  rt.blockOn(joinAll(Array.from({ length: CONCURRENCY }, () => worker(n / CONCURRENCY))));
  return summarize(lat, performance.now() - t0, cpu0);
}

async function closedLoop(n: number, one: () => Promise<void>): Promise<Run> {
  const lat: number[] = [];
  const worker = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const t = performance.now();
      await one();
      lat.push(performance.now() - t);
    }
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker(n / CONCURRENCY)));
  return summarize(lat, performance.now() - t0, cpu0);
}

function nodeGet(url: string, agent: http.Agent | false): Promise<void> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent }, (res) => {
      res.on('data', () => {});
      res.on('end', resolve);
    }).on('error', reject);
  });
}

const server = await startChild('./http-server.ts');
const base = `http://127.0.0.1:${server.port}`;

async function compare(name: string, path: string, keepAlive: boolean, n: number) {
  const url = `${base}${path}`;
  const peers: Record<string, () => Promise<Run>> = {};
  const pool = new Pool(base, { connections: CONCURRENCY, pipelining: 1 });
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  if (keepAlive) {
    peers['undici Pool'] = () => closedLoop(n, async () => {
      const { body } = await pool.request({ path, method: 'GET' });
      await body.arrayBuffer();
    });
    peers['http Agent'] = () => closedLoop(n, () => nodeGet(url, agent));
    if (path === '/small') {
      peers.fetch = () => closedLoop(n, async () => {
        await (await fetch(url)).arrayBuffer();
      });
    }
  } else {
    peers.undici = () => closedLoop(n, async () => {
      const { body } = await undiciRequest(url, { headers: { connection: 'close' } });
      await body.arrayBuffer();
    });
    peers.http = () => closedLoop(n, () => nodeGet(url, false));
  }
  const bench = `http ${name}`;
  const { ferrite: ours, ...theirs } = await interleave<string, Run>(bench, { ferrite: () => ferrite(url, n, keepAlive), ...peers });
  await pool.close();
  agent.destroy();
  report({ bench, metric: 'client CPU per request', unit: 'µs CPU', better: 'lower', ferrite: ours!.map((x) => x.cpuNs / 1000), peers: Object.fromEntries(Object.entries(theirs).map(([k, v]) => [k, v.map((x) => x.cpuNs / 1000)])) });
  report({ bench, metric: 'throughput', unit: 'req/s', better: 'higher', ferrite: ours!.map((x) => x.perSec), peers: Object.fromEntries(Object.entries(theirs).map(([k, v]) => [k, v.map((x) => x.perSec)])) });
  for (const q of ['p50', 'p99'] as const) {
    report({ bench, metric: `latency ${q}`, unit: 'ms', better: 'lower', ferrite: ours!.map((x) => x[q]), peers: Object.fromEntries(Object.entries(theirs).map(([k, v]) => [k, v.map((x) => x[q])])) });
  }
  return median(ours!.map((x) => x.perSec));
}

await compare('keep-alive, 11 B body, 10 concurrent', '/small', true, REQUESTS);
await compare('new connection per request, 11 B body, 10 concurrent', '/small', false, Math.floor(REQUESTS / 4));
await compare('keep-alive, 64 KiB body, 10 concurrent', '/big', true, Math.floor(REQUESTS / 4));
await server.stop();
