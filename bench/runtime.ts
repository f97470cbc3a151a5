/**
 * The runtime against Node, in the same run:
 *  1. tasks spawned and completed per second (Runtime.blockOn vs async functions + Promise.all);
 *  2. wakes per second (tasks yielding repeatedly vs async functions awaiting repeatedly);
 *  3. 100,000 timers (sleep vs setTimeout);
 *  4. one round trip through the reactor: a loopback TCP ping-pong of 1 byte (ferrite tasks vs
 *     Node `net` sockets), with ferrite in blockOn mode (owning the thread) and in run mode
 *     (inside Node's loop, beside the peer's own sockets).
 * Every row is CPU time per operation of this process (both sides run here), next to wall-clock
 * throughput; rounds interleaved until the medians are stable (bench/lib/measure.ts).
 *
 *   node --import tsx bench/runtime.ts [--runs 5] [--max-runs 25] [--quick] [--only spawn,timers,...]
 */
import { createServer, connect, type Socket } from 'node:net';
import { Runtime, spawn, yieldNow } from '@ferrite/executor';
import { coroutine, joinAll, ready, wait } from '@ferrite/future';
import { TcpListener, TcpStream, sleep } from '@ferrite/reactor';
import { interleave, sample } from './lib/measure.js';
import { quick, report, reportSamples } from './lib/report.js';

const TASKS = quick ? 100_000 : 500_000;
const WAKERS = 1000;
const WAKES = quick ? 100 : 500;
const TIMERS = quick ? 20_000 : 100_000;
const TRIPS = quick ? 20_000 : 100_000;

function ferriteTasks() {
  using rt = new Runtime();
  return sample(TASKS, () => rt.blockOn(coroutine(function* () {
    const handles = [];
    for (let i = 0; i < TASKS; i++) handles.push(spawn(ready(i)));
    yield* wait(joinAll(handles));
  })()));
}

function promiseTasks() {
  return sample(TASKS, async () => {
    const f = async (i: number) => i;
    const all = [];
    for (let i = 0; i < TASKS; i++) all.push(f(i));
    await Promise.all(all);
  });
}

function ferriteWakes() {
  using rt = new Runtime();
  return sample(WAKERS * WAKES, () => rt.blockOn(joinAll(Array.from({ length: WAKERS }, () => rt.spawn(coroutine(function* () {
    for (let i = 0; i < WAKES; i++) yield* wait(yieldNow());
  })())))));
}

function promiseWakes() {
  return sample(WAKERS * WAKES, () => Promise.all(Array.from({ length: WAKERS }, async () => {
    for (let i = 0; i < WAKES; i++) await new Promise<void>((r) => setImmediate(r));
  })));
}

// Timers finish when the longest delay has passed, whatever they cost: only CPU time tells.
function ferriteTimers() {
  using rt = new Runtime();
  return sample(TIMERS, () => rt.blockOn(joinAll(Array.from({ length: TIMERS }, (_, i) => sleep(i % 50)))));
}

function nodeTimers() {
  return sample(TIMERS, () => Promise.all(Array.from({ length: TIMERS }, (_, i) => new Promise((r) => setTimeout(r, i % 50)))));
}

/**
 * The ping-pong as one future: an echo task and a client doing TRIPS round trips of one byte.
 * Reads go into 64 KiB buffers, the size Node's `net` reads into on the peer's side.
 */
const READ_BUFFER = 64 * 1024;
const pingPong = (listener: TcpListener) => coroutine(function* () {
  const server = spawn(coroutine(function* () {
    const [s] = yield* wait(listener.accept());
    s.setNodelay();
    const buf = new Uint8Array(READ_BUFFER);
    for (;;) {
      const n = yield* wait(s.read(buf));
      if (n === 0) break;
      yield* wait(s.writeAll(buf.subarray(0, n)));
    }
    s.close();
  })());
  const c = yield* wait(TcpStream.connect(`127.0.0.1:${listener.localAddr().port}`));
  c.setNodelay();
  const one = new Uint8Array(1);
  const buf = new Uint8Array(READ_BUFFER);
  for (let i = 0; i < TRIPS; i++) {
    yield* wait(c.writeAll(one));
    yield* wait(c.read(buf));
  }
  c.shutdown('write');
  yield* wait(server);
  c.close();
})();

function ferritePingPong() {
  using rt = new Runtime();
  const listener = TcpListener.bind('127.0.0.1:0');
  try {
    return sample(TRIPS, () => rt.blockOn(pingPong(listener)));
  } finally {
    listener.close();
  }
}

async function ferritePingPongRun() {
  using rt = new Runtime();
  const listener = TcpListener.bind('127.0.0.1:0');
  try {
    return await sample(TRIPS, () => rt.run(pingPong(listener)));
  } finally {
    listener.close();
  }
}

async function nodePingPong() {
  const server = createServer((s: Socket) => {
    s.setNoDelay(true);
    s.on('data', (d) => s.write(d));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const c = connect((server.address() as { port: number }).port, '127.0.0.1');
  c.setNoDelay(true);
  await new Promise((r) => c.once('connect', r));
  const s = await sample(TRIPS, () => new Promise<void>((resolve) => {
    let n = 0;
    const one = Buffer.alloc(1);
    c.on('data', () => {
      if (++n === TRIPS) resolve();
      else c.write(one);
    });
    c.write(one);
  }));
  c.destroy();
  server.close();
  return s;
}

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]!.split(',') : null;
const cases = [
  { key: 'spawn', bench: `runtime: ${TASKS.toLocaleString('en-US')} tasks spawned and joined`, unit: 'tasks/s', ours: ferriteTasks, peer: 'async+Promise.all', theirs: promiseTasks },
  { key: 'wakes', bench: `runtime: ${WAKERS} tasks x ${WAKES} yields`, unit: 'wakes/s', ours: ferriteWakes, peer: 'setImmediate await', theirs: promiseWakes },
  { key: 'timers', bench: `runtime: ${TIMERS.toLocaleString('en-US')} timers (0-49 ms)`, unit: null, ours: ferriteTimers, peer: 'setTimeout', theirs: nodeTimers },
  { key: 'pingpong', bench: 'reactor: TCP ping-pong, 1 byte, blockOn', unit: 'round trips/s', ours: ferritePingPong, peer: 'node net', theirs: nodePingPong },
  { key: 'pingpong-run', bench: "reactor: TCP ping-pong, 1 byte, run (inside Node's loop)", unit: 'round trips/s', ours: ferritePingPongRun, peer: 'node net', theirs: nodePingPong },
];

for (const c of cases) {
  if (only !== null && !only.includes(c.key)) continue;
  const s = await interleave(c.bench, { ferrite: c.ours, [c.peer]: c.theirs } as Record<string, () => ReturnType<typeof c.ours>>);
  if (c.unit !== null) reportSamples(c.bench, c.unit, s as typeof s & { ferrite: typeof s.ferrite });
  else report({ bench: c.bench, metric: 'CPU per op', unit: 'ns CPU', better: 'lower', ferrite: s.ferrite!.map((x) => x.cpuNs), peers: { [c.peer]: s[c.peer]!.map((x) => x.cpuNs) } });
}
