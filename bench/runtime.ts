/**
 * The runtime against Node, in the same run:
 *  1. tasks spawned and completed per second (Runtime.blockOn vs async functions + Promise.all);
 *  2. wakes per second (tasks yielding repeatedly vs async functions awaiting repeatedly);
 *  3. 100,000 timers (sleep vs setTimeout);
 *  4. one round trip through the reactor: a loopback TCP ping-pong of 1 byte (ferrite tasks vs
 *     Node `net` sockets).
 *
 *   node --import tsx bench/runtime.ts [--runs 5] [--quick]
 */
import { createServer, connect, type Socket } from 'node:net';
import { Runtime, spawn, yieldNow } from '@ferrite/executor';
import { coroutine, joinAll, ready, wait } from '@ferrite/future';
import { TcpListener, TcpStream, sleep } from '@ferrite/reactor';
import { arg, quick, report } from './lib/report.js';

const RUNS = arg('runs', quick ? 3 : 5);
const TASKS = quick ? 100_000 : 500_000;
const WAKERS = 1000;
const WAKES = quick ? 100 : 500;
const TIMERS = quick ? 20_000 : 100_000;
const TRIPS = quick ? 20_000 : 100_000;

const rate = (ops: number, t0: number) => ops / ((performance.now() - t0) / 1000);

function ferriteTasks(): number {
  using rt = new Runtime();
  const t0 = performance.now();
  rt.blockOn(coroutine(function* () {
    const handles = [];
    for (let i = 0; i < TASKS; i++) handles.push(spawn(ready(i)));
    yield* wait(joinAll(handles));
  })());
  return rate(TASKS, t0);
}

async function promiseTasks(): Promise<number> {
  const t0 = performance.now();
  const f = async (i: number) => i;
  const all = [];
  for (let i = 0; i < TASKS; i++) all.push(f(i));
  await Promise.all(all);
  return rate(TASKS, t0);
}

function ferriteWakes(): number {
  using rt = new Runtime();
  const t0 = performance.now();
  rt.blockOn(joinAll(Array.from({ length: WAKERS }, () => rt.spawn(coroutine(function* () {
    for (let i = 0; i < WAKES; i++) yield* wait(yieldNow());
  })()))));
  return rate(WAKERS * WAKES, t0);
}

async function promiseWakes(): Promise<number> {
  const t0 = performance.now();
  await Promise.all(Array.from({ length: WAKERS }, async () => {
    for (let i = 0; i < WAKES; i++) await new Promise<void>((r) => setImmediate(r));
  }));
  return rate(WAKERS * WAKES, t0);
}

// Timers finish when the longest delay has passed, whatever they cost: measure CPU time instead.
const cpuRate = (ops: number, cpu0: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(cpu0);
  return ops / ((u.user + u.system) / 1e6);
};

function ferriteTimers(): number {
  using rt = new Runtime();
  const cpu0 = process.cpuUsage();
  rt.blockOn(joinAll(Array.from({ length: TIMERS }, (_, i) => sleep(i % 50))));
  return cpuRate(TIMERS, cpu0);
}

async function nodeTimers(): Promise<number> {
  const cpu0 = process.cpuUsage();
  await Promise.all(Array.from({ length: TIMERS }, (_, i) => new Promise((r) => setTimeout(r, i % 50))));
  return cpuRate(TIMERS, cpu0);
}

function ferritePingPong(): number {
  using rt = new Runtime();
  const listener = TcpListener.bind('127.0.0.1:0');
  const port = listener.localAddr().port;
  const t0 = performance.now();
  rt.blockOn(coroutine(function* () {
    const server = spawn(coroutine(function* () {
      const [s] = yield* wait(listener.accept());
      s.setNodelay();
      const buf = new Uint8Array(1);
      for (;;) {
        const n = yield* wait(s.read(buf));
        if (n === 0) break;
        yield* wait(s.writeAll(buf));
      }
      s.close();
    })());
    const c = yield* wait(TcpStream.connect(`127.0.0.1:${port}`));
    c.setNodelay();
    const buf = new Uint8Array(1);
    for (let i = 0; i < TRIPS; i++) {
      yield* wait(c.writeAll(buf));
      yield* wait(c.read(buf));
    }
    c.shutdown('write');
    yield* wait(server);
    c.close();
  })());
  listener.close();
  return rate(TRIPS, t0);
}

async function nodePingPong(): Promise<number> {
  const server = createServer((s: Socket) => {
    s.setNoDelay(true);
    s.on('data', (d) => s.write(d));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const c = connect((server.address() as { port: number }).port, '127.0.0.1');
  c.setNoDelay(true);
  await new Promise((r) => c.once('connect', r));
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    let n = 0;
    const one = Buffer.alloc(1);
    c.on('data', () => {
      if (++n === TRIPS) resolve();
      else c.write(one);
    });
    c.write(one);
  });
  const r = rate(TRIPS, t0);
  c.destroy();
  server.close();
  return r;
}

const cases = [
  { bench: `runtime: ${TASKS.toLocaleString('en-US')} tasks spawned and joined`, unit: 'tasks/s', ours: ferriteTasks, peer: 'async+Promise.all', theirs: promiseTasks },
  { bench: `runtime: ${WAKERS} tasks x ${WAKES} yields`, unit: 'wakes/s', ours: ferriteWakes, peer: 'setImmediate await', theirs: promiseWakes },
  { bench: `runtime: ${TIMERS.toLocaleString('en-US')} timers (0-49 ms)`, unit: 'timers per CPU-second', ours: ferriteTimers, peer: 'setTimeout', theirs: nodeTimers },
  { bench: 'reactor: TCP ping-pong, 1 byte', unit: 'round trips/s', ours: ferritePingPong, peer: 'node net', theirs: nodePingPong },
];

for (const c of cases) {
  const ours: number[] = [];
  const theirs: number[] = [];
  c.ours();
  await c.theirs();
  for (let i = 0; i < RUNS; i++) {
    process.stderr.write(`\r${c.bench}: run ${i + 1}/${RUNS}   `);
    ours.push(c.ours());
    theirs.push(await c.theirs());
  }
  process.stderr.write('\n');
  report({ bench: c.bench, metric: 'throughput', unit: c.unit, better: 'higher', ferrite: ours, peers: { [c.peer]: theirs } });
}
