/**
 * How cost grows with work: per-item CPU and memory at 1,000, 10,000 and 100,000 concurrent
 * items, so that a reader sees the curve (flat is the goal):
 *  - sleeping tasks (each a spawned task in `sleep`), blockOn;
 *  - idle keep-alive connections: reactor TcpStreams, each after one round trip parked in a read,
 *    against a node:net echo server in a child process;
 *  - in-flight HTTP requests (the public @ferrite/http-client API against the delay server), in
 *    blockOn and in run mode (inside Node's loop).
 * Each measurement runs in a fresh process (RSS never shrinks back within one): CPU is the main
 * thread's over the whole life of the items (made, waiting, finished or closed), per item, after
 * warm-up rounds; memory is the growth of RSS and
 * of the JS heap (after a GC) over the baseline while every item waits at once. Sockets need two
 * fds each (ours here, the server's in its process): sizes above the fd limit (`ulimit -Hn`) are
 * skipped and said so. Run through bench/scale.sh, which raises the soft fd limit.
 *
 *   bash bench/scale.sh [--runs 3] [--quick] [--only tasks,connections,requests,requests-run]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { spawnDelayServer } from '@ferrite/delayserver';
import { Runtime, spawn, type JoinHandle } from '@ferrite/executor';
import { coroutine, joinAll, wait, type Future } from '@ferrite/future';
import { HttpClient } from '@ferrite/http-client';
import { TcpStream, sleep } from '@ferrite/reactor';
import { startChild } from './lib/child.js';
import { arg, quick, report } from './lib/report.js';

interface Figures {
  cpuNs: number;
  rss: number;
  heap: number;
}

const KINDS = {
  tasks: { label: 'sleeping tasks (blockOn)', sizes: [1000, 10_000, 100_000], unit: 'task' },
  connections: { label: 'idle keep-alive connections (blockOn)', sizes: [1000, 10_000, 100_000], unit: 'connection' },
  requests: { label: 'in-flight HTTP requests (blockOn)', sizes: [1000, 10_000, 100_000], unit: 'request' },
  'requests-run': { label: "in-flight HTTP requests (run, inside Node's loop)", sizes: [1000, 10_000, 100_000], unit: 'request' },
} as const;
type Kind = keyof typeof KINDS;

/**
 * CPU time of this (the main) thread, ns, from the scheduler's account (/proc/thread-self/schedstat):
 * process-wide CPU time also counts V8's compiler and GC helper threads and the module loader's,
 * whose work after start-up made the per-item cost of 1,000 items swing by 30 times.
 */
const threadCpuNs = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);

/** CPU time spent measuring memory (the full GC), kept out of the items' CPU figure (ns). */
let measuringCpu = 0;

/** Memory now, after a GC, over `base`, per item. */
function memory(base: NodeJS.MemoryUsage, n: number): { rss: number; heap: number } {
  const cpu0 = threadCpuNs();
  globalThis.gc?.();
  const m = process.memoryUsage();
  measuringCpu += threadCpuNs() - cpu0;
  return { rss: (m.rss - base.rss) / n, heap: (m.heapUsed - base.heapUsed) / n };
}

/** Waits (sleeping 1 ms at a time) until `done()`. */
const until = (done: () => boolean) => coroutine(function* () {
  while (!done()) yield* wait(sleep(1));
})();

function tasks(n: number, base: NodeJS.MemoryUsage) {
  using rt = new Runtime();
  return rt.blockOn(coroutine(function* () {
    const hs: JoinHandle<void>[] = [];
    const delay = 100 + n / 200; // longer than spawning them all takes
    for (let i = 0; i < n; i++) hs.push(spawn(sleep(delay)));
    yield* wait(sleep(20)); // every task has run once and sleeps
    const mem = memory(base, n);
    yield* wait(joinAll(hs));
    return mem;
  })());
}

async function connections(n: number, base: NodeJS.MemoryUsage) {
  const server = await startChild('./echo-server.ts');
  try {
    using rt = new Runtime();
    return rt.blockOn(coroutine(function* () {
      let up = 0;
      const hs: JoinHandle<void>[] = [];
      const one = new Uint8Array([1]);
      const conn = coroutine(function* () {
        using s = yield* wait(TcpStream.connect(`127.0.0.1:${server.port}`));
        const buf = new Uint8Array(64);
        yield* wait(s.writeAll(one));
        yield* wait(s.read(buf));
        up++;
        yield* wait(s.read(buf)); // idle: registered, waiting for bytes that never come
      });
      // In waves, so that the listener's backlog is never the limit.
      for (let i = 0; i < n; i += 500) {
        for (let j = i; j < Math.min(n, i + 500); j++) hs.push(spawn(conn()));
        const target = Math.min(n, i + 500);
        yield* wait(until(() => up >= target));
      }
      const mem = memory(base, n);
      for (const h of hs) h.abort(); // closes every socket (`using`)
      return mem;
    })());
  } finally {
    await server.stop();
  }
}

async function requests(n: number, base: NodeJS.MemoryUsage, mode: 'blockOn' | 'run') {
  const server = await spawnDelayServer();
  try {
    using rt = new Runtime();
    using client = new HttpClient({ runtime: rt, maxConnections: n, keepAlive: false, defaults: { connectTimeout: 120_000 } });
    const delay = 1000 + n / 5; // long enough for every request to be in flight at once
    let mem = { rss: 0, heap: 0 };
    const main: Future<string[]> = coroutine(function* () {
      const sampler = spawn(coroutine(function* () {
        yield* wait(sleep(delay * 0.75));
        mem = memory(base, n);
      })());
      const all = yield* wait(joinAll(Array.from({ length: n }, (_, i) => client.get(`${server.url}/${delay}/r${i}`))));
      yield* wait(sampler);
      return all.map((r) => r.text());
    })();
    const bodies = mode === 'run' ? await rt.run(main) : rt.blockOn(main);
    if (bodies.length !== n || bodies.some((b, i) => b !== `r${i}`)) throw new Error('missing or wrong responses');
    return mem;
  } finally {
    await server.close();
  }
}

async function measure(kind: Kind, n: number): Promise<Figures> {
  globalThis.gc?.();
  const base = process.memoryUsage();
  measuringCpu = 0;
  const cpu0 = threadCpuNs();
  const mem =
    kind === 'tasks' ? tasks(n, base)
    : kind === 'connections' ? await connections(n, base)
    : await requests(n, base, kind === 'requests' ? 'blockOn' : 'run');
  return { cpuNs: (threadCpuNs() - cpu0 - measuringCpu) / n, ...mem };
}

if (process.argv.includes('--child')) {
  const kind = process.argv[process.argv.indexOf('--child') + 1] as Kind;
  // Warm-up rounds first, until two in a row agree within 20% (at most 6): the figures are then
  // the items' own cost, not the compiling of the code paths and the loading of modules on other
  // threads (process CPU time counts them; they made 1,000 items look 30 times dearer per item).
  const size = arg('size', 1000);
  let last = Infinity;
  for (let r = 0; r < 6; r++) {
    const { cpuNs } = await measure(kind, Math.min(size, 2000));
    if (Math.abs(cpuNs - last) <= 0.2 * last) break;
    last = cpuNs;
  }
  process.stdout.write(`${JSON.stringify(await measure(kind, size))}\n`);
  process.exit(0);
}

const RUNS = arg('runs', quick ? 1 : 3);
const fdLimit = Number(spawnSync('bash', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).stdout.trim()) || Infinity;
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]!.split(',') : null;
const fmt = (n: number) => n.toLocaleString('en-US');
for (const [kind, { label, sizes, unit }] of Object.entries(KINDS) as [Kind, (typeof KINDS)[Kind]][]) {
  if (only !== null && !only.includes(kind)) continue;
  // Sockets: this process holds one fd per item; keep 1,000 spare for everything else.
  const fits = (n: number) => kind === 'tasks' || n + 1000 <= fdLimit;
  const runs = new Map<number, Figures[]>();
  for (const n of sizes.filter((s) => (quick ? s <= 10_000 : true))) {
    if (!fits(n)) {
      process.stderr.write(`scale: ${label}: ${fmt(n)} skipped, the fd limit is ${fmt(fdLimit)}\n`);
      continue;
    }
    const got: Figures[] = [];
    for (let r = 0; r < RUNS; r++) {
      process.stderr.write(`\rscale: ${label}, ${fmt(n)}, run ${r + 1}/${RUNS}   `);
      const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', kind, '--size', String(n)], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (child.status !== 0) throw new Error(`scale child ${kind} ${n} failed: ${child.stderr}`);
      got.push(JSON.parse(child.stdout.trim().split('\n').pop()!) as Figures);
    }
    runs.set(n, got);
  }
  process.stderr.write('\n');
  // One table per figure: the smallest size as "ferrite", the larger ones beside it; the ratio
  // column is then the per-item cost at that size over the smallest's (1.00 = flat, above 1: it
  // grows). write-report.ts keeps these rows out of the peer comparisons.
  const [first, ...rest] = [...runs.keys()];
  if (first === undefined) continue;
  for (const [metric, key, unitName] of [
    [`main-thread CPU per ${unit}`, 'cpuNs', 'ns CPU'],
    [`RSS per ${unit}`, 'rss', 'bytes'],
    [`JS heap per ${unit}`, 'heap', 'bytes'],
  ] as const) {
    report({
      bench: `scale: ${label}, at ${fmt(first)} (beside: larger sizes)`,
      metric,
      unit: unitName,
      better: 'lower',
      ferrite: runs.get(first)!.map((f) => f[key]),
      peers: Object.fromEntries(rest.map((n) => [`at ${fmt(n)}`, runs.get(n)!.map((f) => f[key])])),
    });
  }
}
