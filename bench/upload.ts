/**
 * Uploads against the HTTP benchmarks' node:http server in its own process (bench/lib/http-server.ts:
 * reads each body to its end, answers with its length), ferrite vs undici, rounds interleaved
 * until stable (bench/lib/measure.ts):
 *  - POST of a 1 KiB JSON document, keep-alive, 10 in flight: ferrite `client.post(url, { json })`
 *    (blockOn) vs undici Pool(10).request with the JSON.stringify'd body; client CPU per request
 *    and req/s;
 *  - 10 MiB uploads, one at a time on one keep-alive connection, from memory (a Buffer: ferrite
 *    under blockOn) and from a file (ferrite: a Blob over the file, fs.openAsBlob, awaited from
 *    Node; undici: fs.createReadStream with its Content-Length); MB/s and client CPU per MiB;
 *  - the peak RSS rise of 10 file uploads in a fresh process per side (bench/lib/upload-rss.ts).
 * ferrite asks bodies over 1 MiB for `100 Continue` first (its default, as curl); undici does not:
 * one more round trip per upload for ferrite, kept because it is what a user gets.
 *
 *   cd bench && node --import tsx upload.ts [--requests 20000] [--uploads 20] [--quick]
 */
import { execFile } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { createReadStream, mkdtempSync, openAsBlob, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Runtime } from '@ferrite/executor';
import { coroutine, joinAll, wait } from '@ferrite/future';
import { HttpClient } from '@ferrite/http-client';
import { Pool } from 'undici';
import { startChild } from './lib/child.js';
import { interleave, sample, type Sample } from './lib/measure.js';
import { arg, quick, report } from './lib/report.js';

const CONCURRENCY = 10;
const REQUESTS = arg('requests', quick ? 4000 : 20000);
const UPLOADS = arg('uploads', quick ? 5 : 20);
const MiB = 1024 * 1024;
const BIG = 10 * MiB;

/** A 1 KiB JSON document: 16 small records and a pad to exactly 1024 bytes. */
const doc: Record<string, unknown> = { items: Array.from({ length: 16 }, (_, i) => ({ id: i, name: `item-${i}`, ok: i % 2 === 0 })), pad: '' };
doc.pad = 'p'.repeat(1024 - JSON.stringify(doc).length);
if (JSON.stringify(doc).length !== 1024) throw new Error('the JSON document is not 1 KiB');

const server = await startChild('./http-server.ts');
const origin = `http://127.0.0.1:${server.port}`;
const url = `${origin}/up`;
const dir = mkdtempSync(join(tmpdir(), 'ferrite-bench-upload-'));
const file = join(dir, 'big.bin');
const big = randomFillSync(Buffer.alloc(BIG));
writeFileSync(file, big);

const expectBytes = (got: string, n: number) => {
  if (got !== String(n)) throw new Error(`the server read ${got} bytes of ${n}`);
};
const fromSides = <S extends Sample>(r: Record<string, S[]>, f: (s: S) => number) => ({
  ferrite: r.ferrite!.map(f),
  peers: { undici: r.undici!.map(f) },
});

// --- POST 1 KiB JSON, keep-alive, 10 in flight ---------------------------------------------
function ferriteJson(n: number): Sample {
  using rt = new Runtime();
  using client = new HttpClient({ runtime: rt, maxConnections: CONCURRENCY });
  const worker = coroutine(function* (count: number) {
    for (let i = 0; i < count; i++) expectBytes((yield* wait(client.post(url, { json: doc }))).text(), 1024);
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  rt.blockOn(joinAll(Array.from({ length: CONCURRENCY }, () => worker(n / CONCURRENCY))));
  const cpu = process.cpuUsage(cpu0);
  return { cpuNs: ((cpu.user + cpu.system) * 1000) / n, perSec: n / ((performance.now() - t0) / 1000) };
}

const jsonPool = new Pool(origin, { connections: CONCURRENCY, pipelining: 1 });
function undiciJson(n: number): Promise<Sample> {
  const worker = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const res = await jsonPool.request({ path: '/up', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) });
      expectBytes(await res.body.text(), 1024);
    }
  };
  return sample(n, () => Promise.all(Array.from({ length: CONCURRENCY }, () => worker(n / CONCURRENCY))));
}

const json = await interleave('upload POST 1 KiB JSON', { ferrite: () => ferriteJson(REQUESTS), undici: () => undiciJson(REQUESTS) });
await jsonPool.close();
const jsonBench = 'upload POST 1 KiB JSON, keep-alive, 10 concurrent';
report({ bench: jsonBench, metric: 'client CPU per request', unit: 'µs CPU', better: 'lower', ...fromSides(json, (s) => s.cpuNs / 1000) });
report({ bench: jsonBench, metric: 'throughput', unit: 'req/s', better: 'higher', ...fromSides(json, (s) => s.perSec) });

// --- 10 MiB, one at a time on one connection ---------------------------------------------
const bigPool = new Pool(origin, { connections: 1, pipelining: 1 });
using bigClient = new HttpClient({ maxConnections: 1 });

function ferriteMemory(n: number): Sample {
  using rt = new Runtime();
  using client = new HttpClient({ runtime: rt, maxConnections: 1 });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  rt.blockOn(coroutine(function* () {
    for (let i = 0; i < n; i++) expectBytes((yield* wait(client.put(url, { body: big }))).text(), BIG);
  })());
  const cpu = process.cpuUsage(cpu0);
  return { cpuNs: ((cpu.user + cpu.system) * 1000) / n, perSec: n / ((performance.now() - t0) / 1000) };
}

const undiciUpload = (body: () => Buffer | NodeJS.ReadableStream) => (n: number) =>
  sample(n, async () => {
    for (let i = 0; i < n; i++) {
      const res = await bigPool.request({ path: '/up', method: 'PUT', headers: { 'content-length': String(BIG) }, body: body() as Buffer });
      expectBytes(await res.body.text(), BIG);
    }
  });

const ferriteFile = (n: number) =>
  sample(n, async () => {
    for (let i = 0; i < n; i++) expectBytes((await bigClient.put(url, { body: await openAsBlob(file) })).text(), BIG);
  });

const reportBig = (bench: string, r: Record<string, Sample[]>) => {
  report({ bench, metric: 'throughput', unit: 'MB/s', better: 'higher', ...fromSides(r, (s) => (s.perSec * BIG) / 1e6) });
  report({ bench, metric: 'client CPU per MiB', unit: 'µs CPU', better: 'lower', ...fromSides(r, (s) => s.cpuNs / 1000 / (BIG / MiB)) });
};

const memory = await interleave('upload 10 MiB from memory', { ferrite: () => ferriteMemory(UPLOADS), undici: () => undiciUpload(() => big)(UPLOADS) });
reportBig('upload 10 MiB from memory, one connection', memory);
const fromFile = await interleave('upload 10 MiB file, streamed', { ferrite: () => ferriteFile(UPLOADS), undici: () => undiciUpload(() => createReadStream(file))(UPLOADS) });
reportBig('upload 10 MiB file, streamed, one connection', fromFile);
await bigPool.close();

// --- peak RSS of 10 file uploads, a fresh process per side --------------------------------
const rssScript = fileURLToPath(new URL('./lib/upload-rss.ts', import.meta.url));
const rssOf = async (side: string) => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', rssScript, side, url, file, '10']);
  return { cpuNs: 0, perSec: 0, rise: Number(stdout) / MiB };
};
const rss = await interleave('upload peak RSS', { ferrite: () => rssOf('ferrite'), undici: () => rssOf('undici') }, { min: quick ? 3 : 5, max: quick ? 3 : 9, key: (s) => (s as Sample & { rise: number }).rise });
report({ bench: 'upload 10 MiB file x 10, fresh process', metric: 'peak RSS rise', unit: 'MiB', better: 'lower', ...fromSides(rss, (s) => s.rise) });

rmSync(dir, { recursive: true, force: true });
await server.stop();
