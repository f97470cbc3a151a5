/**
 * TLS against the same local node:https server in its own process, closed loop, 10 in flight:
 *  - a new connection per request (full handshake + GET + close_notify): ferrite TlsStream
 *    (blockOn) vs node:https (agent: false) vs undici (no session cache);
 *  - the same, resuming the previous connection's session: ferrite (options.session) vs
 *    node:https (an Agent without keep-alive, which caches sessions) vs undici (its session cache);
 *  - connect + handshake time, one at a time, full and resumed, TLS 1.3 and 1.2, vs node:tls;
 *  - memory per idle, established connection (RSS growth over N connections).
 * Certificates are made with the openssl CLI at start (a private CA, trusted through `ca`).
 *
 *   node --import tsx bench/tls.ts [--requests 2000] [--runs 5] [--quick]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Runtime } from '@ferrite/executor';
import { coroutine, joinAll, wait } from '@ferrite/future';
import { TlsStream } from '@ferrite/tls';
import { Agent, request as undiciRequest } from 'undici';
import { percentile, startChild } from './lib/child.js';
import { arg, median, quick, report } from './lib/report.js';

const CONCURRENCY = 10;
const RUNS = arg('runs', quick ? 3 : 5);
const REQUESTS = arg('requests', quick ? 500 : 2000);
const IDLE = arg('idle', quick ? 200 : 500);

// A child of the memory measurement (see memoryChild): measure, print, exit.
if (process.argv.includes('--memory-child')) {
  const i = process.argv.indexOf('--memory-child');
  const caPem = readFileSync(0, 'utf8');
  console.log(await measureMemory(process.argv[i + 1]!, Number(process.argv[i + 2]), caPem));
  process.exit(0);
}


const dir = mkdtempSync(join(tmpdir(), 'ferrite-bench-tls-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
  '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost',
  '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
const ca = readFileSync(join(dir, 'cert.pem'), 'utf8');
const server = await startChild('./https-server.ts', [join(dir, 'key.pem'), join(dir, 'cert.pem')]);
rmSync(dir, { recursive: true });
const port = server.port;
const url = `https://localhost:${port}/`;
const REQUEST = new TextEncoder().encode('GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');

interface Run {
  rps: number;
  p50: number;
  p99: number;
}

function summarize(latencies: number[], ms: number): Run {
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / (ms / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** ferrite: each of 10 coroutines connects, GETs, reads to close_notify, closes; n in total. */
function ferrite(n: number, resume: boolean): Run {
  using rt = new Runtime();
  const lat: number[] = [];
  let session: Uint8Array | null = null;
  const worker = coroutine(function* (count: number) {
    for (let i = 0; i < count; i++) {
      const t = performance.now();
      const s = yield* wait(TlsStream.connect(`localhost:${port}`, { ca, session: resume ? session : null }));
      yield* wait(s.writeAll(REQUEST));
      yield* wait(s.readToEnd());
      if (resume) session = s.session ?? session;
      s.close();
      lat.push(performance.now() - t);
    }
  });
  const t0 = performance.now();
  rt.blockOn(joinAll(Array.from({ length: CONCURRENCY }, () => worker(n / CONCURRENCY))));
  return summarize(lat, performance.now() - t0);
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
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker(n / CONCURRENCY)));
  return summarize(lat, performance.now() - t0);
}

function nodeGet(agent: https.Agent | false): Promise<void> {
  return new Promise((resolve, reject) => {
    https.get(url, { agent, ca, headers: { connection: 'close' } }, (res) => {
      res.on('data', () => {});
      res.on('end', resolve);
    }).on('error', reject);
  });
}

async function compare(name: string, resume: boolean) {
  const nodeAgent = resume ? new https.Agent({ keepAlive: false, ca }) : false;
  const undici = new Agent({ connect: { ca, maxCachedSessions: resume ? 100 : 0 } });
  const peers: Record<string, () => Promise<Run>> = {
    'node:https': () => closedLoop(REQUESTS, () => nodeGet(nodeAgent)),
    undici: () => closedLoop(REQUESTS, async () => {
      const { body } = await undiciRequest(url, { dispatcher: undici, headers: { connection: 'close' } });
      await body.arrayBuffer();
    }),
  };
  const ours: Run[] = [];
  const theirs: Record<string, Run[]> = Object.fromEntries(Object.keys(peers).map((k) => [k, []]));
  ferrite(Math.min(REQUESTS, 200), resume); // warm-up
  for (const p of Object.values(peers)) await p();
  for (let r = 0; r < RUNS; r++) {
    process.stderr.write(`\rtls ${name}: run ${r + 1}/${RUNS}   `);
    ours.push(ferrite(REQUESTS, resume));
    for (const [k, p] of Object.entries(peers)) theirs[k]!.push(await p());
  }
  process.stderr.write('\n');
  await undici.close();
  if (nodeAgent) nodeAgent.destroy();
  const bench = `tls ${name}`;
  report({ bench, metric: 'throughput', unit: 'connections/s', better: 'higher', ferrite: ours.map((x) => x.rps), peers: Object.fromEntries(Object.entries(theirs).map(([k, v]) => [k, v.map((x) => x.rps)])) });
  report({ bench, metric: 'latency p50', unit: 'ms', better: 'lower', ferrite: ours.map((x) => x.p50), peers: Object.fromEntries(Object.entries(theirs).map(([k, v]) => [k, v.map((x) => x.p50)])) });
  return median(ours.map((x) => x.rps));
}

/**
 * RSS growth per established, idle connection (one keep-alive GET done on each), measured in a
 * fresh process per sample: memory a previous phase freed would otherwise be reused and hide it.
 */
async function memoryChild(kind: 'ferrite' | 'node'): Promise<number> {
  const { execFileSync } = await import('node:child_process');
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--memory-child', kind, String(port)], {
    encoding: 'utf8',
    input: ca,
  });
  return Number(out.trim().split('\n').pop());
}

async function measureMemory(kind: string, p: number, caPem: string): Promise<number> {
  const keepAliveGet = new TextEncoder().encode('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
  const keep: unknown[] = [];
  const connectOne = () => {
    if (kind === 'ferrite') {
      return coroutine(function* () {
        const s = yield* wait(TlsStream.connect(`localhost:${p}`, { ca: caPem }));
        yield* wait(s.writeAll(keepAliveGet));
        yield* wait(s.read(new Uint8Array(1024)));
        return s;
      })();
    }
    return new Promise<import('node:tls').TLSSocket>((resolve, reject) => {
      const s = tlsConnect({ host: 'localhost', port: p, ca: caPem, ALPNProtocols: ['http/1.1'] }, () => {
        s.write(keepAliveGet);
        s.once('data', () => resolve(s));
      });
      s.on('error', reject);
    });
  };
  const rt = new Runtime();
  // One connection first, so that code, contexts and the runtime's own buffers are not counted.
  if (kind === 'ferrite') keep.push(await rt.run(connectOne() as never));
  else keep.push(await connectOne());
  const before = process.memoryUsage().rss;
  for (let i = 0; i < IDLE; i++) {
    if (kind === 'ferrite') keep.push(await rt.run(connectOne() as never));
    else keep.push(await connectOne());
  }
  return (process.memoryUsage().rss - before) / IDLE;
}

/**
 * One connection at a time: connect + handshake (+ verification), then close, median over `n`:
 * full vs resumed, ferrite (blockOn) vs node:tls.connect, for TLS 1.3 and 1.2.
 */
async function handshakes(version: 'TLSv1.3' | 'TLSv1.2', resume: boolean, n: number): Promise<{ ferrite: number; node: number }> {
  const get = new TextEncoder().encode('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
  using rt = new Runtime();
  // A session to resume (TLS 1.3: the ticket comes with the first response).
  const session = rt.blockOn(coroutine(function* () {
    const s = yield* wait(TlsStream.connect(`localhost:${port}`, { ca, maxVersion: version }));
    yield* wait(s.writeAll(get));
    yield* wait(s.read(new Uint8Array(1024)));
    const out = s.session;
    s.close();
    return out;
  })());
  const ours: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const s = rt.blockOn(TlsStream.connect(`localhost:${port}`, { ca, maxVersion: version, session: resume ? session : null }));
    ours.push(performance.now() - t);
    if (s.isSessionReused() !== resume) throw new Error('resumption did not go as asked');
    s.close();
  }
  const nodeSession = await new Promise<Buffer>((resolve, reject) => {
    const s = tlsConnect({ host: 'localhost', port, ca, maxVersion: version }, () => s.write(get));
    s.once('session', (sess: Buffer) => {
      resolve(sess);
      s.destroy();
    });
    s.on('error', reject);
  });
  const theirs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await new Promise<void>((resolve, reject) => {
      const s = tlsConnect({ host: 'localhost', port, ca, maxVersion: version, ...(resume ? { session: nodeSession } : {}) }, () => {
        theirs.push(performance.now() - t);
        if (s.isSessionReused() !== resume) reject(new Error('node: resumption did not go as asked'));
        s.destroy();
        resolve();
      });
      s.on('error', reject);
    });
  }
  return { ferrite: median(ours), node: median(theirs) };
}

for (const version of ['TLSv1.3', 'TLSv1.2'] as const) {
  for (const resume of [false, true]) {
    const runs = { ferrite: [] as number[], node: [] as number[] };
    for (let r = 0; r < RUNS; r++) {
      process.stderr.write(`\rtls handshake ${version} ${resume ? 'resumed' : 'full'}: run ${r + 1}/${RUNS}   `);
      const x = await handshakes(version, resume, quick ? 100 : 300);
      runs.ferrite.push(x.ferrite);
      runs.node.push(x.node);
    }
    process.stderr.write('\n');
    report({ bench: `tls handshake, ${version}, ${resume ? 'resumed' : 'full'}, one at a time`, metric: 'connect + handshake, median', unit: 'ms', better: 'lower', ferrite: runs.ferrite, peers: { 'node:tls': runs.node } });
  }
}
await compare('new connection per request (full handshake), 10 concurrent', false);
await compare('new connection per request (resumed session), 10 concurrent', true);
const mem = { ferrite: [] as number[], node: [] as number[] };
for (let r = 0; r < RUNS; r++) {
  mem.ferrite.push(await memoryChild('ferrite'));
  mem.node.push(await memoryChild('node'));
}
report({ bench: `tls memory per idle connection (${IDLE} connections, keep-alive, one GET each)`, metric: 'RSS growth', unit: 'KiB/connection', better: 'lower', ferrite: mem.ferrite.map((b) => b / 1024), peers: { 'node:tls': mem.node.map((b) => b / 1024) } });
await server.stop();
