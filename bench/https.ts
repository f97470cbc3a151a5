/**
 * HTTPS GET against the same local node:https server in its own process (bench/lib/https-server.ts,
 * a certificate made by the openssl CLI and trusted through `ca`), closed loop, 10 in flight:
 *  - keep-alive: ferrite HttpClient (blockOn) vs undici Pool(10) vs https.get with a keep-alive Agent(10);
 *  - a new connection per request, resuming TLS sessions: ferrite (keepAlive: false; its pool
 *    offers the last session) vs undici (Connection: close; its session cache) vs https.get with
 *    an Agent without keep-alive (which caches sessions).
 * Client CPU per request, req/s, p50/p99; rounds interleaved until stable (bench/lib/measure.ts).
 *
 *   node --import tsx bench/https.ts [--requests 8000] [--quick]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Runtime } from '@ferrite/executor';
import { coroutine, joinAll, wait } from '@ferrite/future';
import { HttpClient } from '@ferrite/http-client';
import { Agent, Pool, request as undiciRequest } from 'undici';
import { percentile, startChild } from './lib/child.js';
import { interleave, type Sample } from './lib/measure.js';
import { arg, median, quick, report } from './lib/report.js';

const CONCURRENCY = 10;
const REQUESTS = arg('requests', quick ? 2000 : 8000);

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

const dir = mkdtempSync(join(tmpdir(), 'ferrite-bench-https-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
  '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost',
  '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
const ca = readFileSync(join(dir, 'cert.pem'), 'utf8');
const server = await startChild('./https-server.ts', [join(dir, 'key.pem'), join(dir, 'cert.pem')]);
rmSync(dir, { recursive: true });
// By IP: no lookup in any client, so the numbers are TLS and HTTP alone.
const origin = `https://127.0.0.1:${server.port}`;
const url = `${origin}/`;

/** ferrite: CONCURRENCY coroutines, each issuing its share of requests back to back. */
function ferrite(n: number, keepAlive: boolean): Run {
  using rt = new Runtime();
  using client = new HttpClient({ runtime: rt, maxConnections: CONCURRENCY, keepAlive, defaults: { tls: { ca } } });
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

function nodeGet(agent: https.Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    https.get(url, { agent, ca }, (res) => {
      res.on('data', () => {});
      res.on('end', resolve);
    }).on('error', reject);
  });
}

async function compare(name: string, keepAlive: boolean, n: number) {
  const peers: Record<string, () => Promise<Run>> = {};
  const pool = new Pool(origin, { connections: CONCURRENCY, pipelining: 1, connect: { ca } });
  const dispatcher = new Agent({ connect: { ca } });
  const agent = new https.Agent({ keepAlive, maxSockets: CONCURRENCY, ca });
  if (keepAlive) {
    peers['undici Pool'] = () => closedLoop(n, async () => {
      const { body } = await pool.request({ path: '/', method: 'GET' });
      await body.arrayBuffer();
    });
    peers['https Agent'] = () => closedLoop(n, () => nodeGet(agent));
  } else {
    peers.undici = () => closedLoop(n, async () => {
      const { body } = await undiciRequest(url, { dispatcher, headers: { connection: 'close' } });
      await body.arrayBuffer();
    });
    peers.https = () => closedLoop(n, () => nodeGet(agent));
  }
  const bench = `https ${name}`;
  const { ferrite: ours, ...theirs } = await interleave<string, Run>(bench, { ferrite: () => ferrite(n, keepAlive), ...peers });
  await pool.close();
  await dispatcher.close();
  agent.destroy();
  const of = (pick: (x: Run) => number) => Object.fromEntries(Object.entries(theirs).map(([k, v]) => [k, v.map(pick)]));
  report({ bench, metric: 'client CPU per request', unit: 'µs CPU', better: 'lower', ferrite: ours!.map((x) => x.cpuNs / 1000), peers: of((x) => x.cpuNs / 1000) });
  report({ bench, metric: 'throughput', unit: 'req/s', better: 'higher', ferrite: ours!.map((x) => x.perSec), peers: of((x) => x.perSec) });
  for (const q of ['p50', 'p99'] as const) {
    report({ bench, metric: `latency ${q}`, unit: 'ms', better: 'lower', ferrite: ours!.map((x) => x[q]), peers: of((x) => x[q]) });
  }
  return median(ours!.map((x) => x.perSec));
}

await compare('keep-alive, 11 B body, 10 concurrent', true, REQUESTS);
await compare('new connection per request (resumed), 11 B body, 10 concurrent', false, Math.floor(REQUESTS / 8));
await server.stop();
