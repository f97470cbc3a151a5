/**
 * Event delivery: N loopback connections carrying 16-byte messages from a writer process; the
 * receiver is either ferrite (`poll` + `read` until WOULD_BLOCK, edge-triggered) or Node's own
 * `net` sockets ('data' events). Both receive the same traffic from the same writer, in the same
 * run, alternating. Also: the cost of an empty `poll(events, 0)`.
 *
 *   node --import tsx bench/epoll-events.ts [--conns 1000] [--seconds 2] [--runs 5] [--max-runs 25] [--quick]
 */
import { spawn } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Events, Interest, Poll, WOULD_BLOCK, net } from '@ferrite/epoll';
import { interleave } from './lib/measure.js';
import { arg, nsPerOp, quick, report } from './lib/report.js';

const CONNS = arg('conns', 1000);
const SECONDS = arg('seconds', quick ? 1 : 2);
const RUNS = arg('runs', quick ? 3 : 5);
const WRITER = fileURLToPath(new URL('./lib/epoll-writer.ts', import.meta.url));

interface Outcome {
  messagesPerSec: number;
  eventsPerSec: number;
  /** Receiver CPU time (user + system) per message: the cost that does not depend on the writer. */
  cpuNsPerMessage: number;
}

const cpuNs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) * 1000;
};

/** Starts the writer against `port`; resolves `go()` once it is connected, then its exit. */
function startWriter(port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, String(port), String(CONNS), String(SECONDS)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  const ready = new Promise<void>((resolve) => child.stdout.on('data', (d: string) => {
    out += d;
    if (out.startsWith('ready\n')) resolve();
  }));
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // go() resolves once the byte has left this process: the caller then blocks its thread.
  const go = () => new Promise<void>((resolve) => child.stdin.write('go\n', () => resolve()));
  return { ready, go, done };
}

async function ferrite(): Promise<Outcome> {
  const poll = new Poll();
  const events = new Events(1024);
  const listener = net.TcpListener.bind('127.0.0.1:0');
  const LISTENER = CONNS;
  poll.registry().register(listener, LISTENER, Interest.READABLE);
  const writer = startWriter(listener.localAddr().port);
  const streams: net.TcpStream[] = [];
  // Accept everything the writer opens (the writer blocks nothing: this thread must, though).
  while (streams.length < CONNS) {
    poll.poll(events, 1000);
    for (;;) {
      const r = listener.accept();
      if (r === WOULD_BLOCK) break;
      poll.registry().register(r[0], streams.length, Interest.READABLE);
      streams.push(r[0]);
    }
  }
  // The writer says 'ready' on its stdout: Node's loop must run to see it.
  await writer.ready;
  await writer.go();
  const buf = new Uint8Array(64 * 1024);
  let bytes = 0;
  let nEvents = 0;
  let open = CONNS;
  let t0 = 0;
  const cpu0 = process.cpuUsage();
  while (open > 0) {
    poll.poll(events, 5000);
    for (const e of events) {
      nEvents++;
      const s = streams[e.token]!;
      for (;;) {
        const n = s.read(buf);
        if (n === WOULD_BLOCK) break;
        if (n === 0) {
          s.close();
          open--;
          break;
        }
        if (t0 === 0) t0 = performance.now();
        bytes += n;
      }
    }
  }
  const secs = (performance.now() - t0) / 1000;
  const cpu = cpuNs(cpu0);
  listener.close();
  poll.close();
  await writer.done;
  return { messagesPerSec: bytes / 16 / secs, eventsPerSec: nEvents / secs, cpuNsPerMessage: cpu / (bytes / 16) };
}

async function nodeNet(): Promise<Outcome> {
  let bytes = 0;
  let nEvents = 0;
  let open = 0;
  let t0 = 0;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const server = createServer((socket: Socket) => {
    open++;
    socket.on('data', (chunk) => {
      if (t0 === 0) t0 = performance.now();
      nEvents++;
      bytes += chunk.length;
    });
    socket.on('end', () => {
      socket.destroy();
      if (--open === 0) finish();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const writer = startWriter((server.address() as { port: number }).port);
  await writer.ready;
  await writer.go();
  const cpu0 = process.cpuUsage();
  await finished;
  const secs = (performance.now() - t0) / 1000;
  const cpu = cpuNs(cpu0);
  server.close();
  await writer.done;
  return { messagesPerSec: bytes / 16 / secs, eventsPerSec: nEvents / secs, cpuNsPerMessage: cpu / (bytes / 16) };
}

// Rounds interleaved until the receiver CPU per message is stable (bench/lib/measure.ts); the
// Sample fields are that figure and the message rate.
const asSample = (o: Outcome) => ({ ...o, cpuNs: o.cpuNsPerMessage, perSec: o.messagesPerSec });
const { ferrite: ours, 'node net': theirs } = await interleave('epoll-events', { ferrite: async () => asSample(await ferrite()), 'node net': async () => asSample(await nodeNet()) });

report({
  bench: `epoll event delivery, ${CONNS} connections`,
  metric: 'messages received',
  unit: 'msg/s',
  better: 'higher',
  ferrite: ours.map((o) => o.messagesPerSec),
  peers: { 'node net': theirs.map((o) => o.messagesPerSec) },
});
report({
  bench: `epoll event delivery, ${CONNS} connections`,
  metric: 'receiver CPU per message',
  unit: 'ns',
  better: 'lower',
  ferrite: ours.map((o) => o.cpuNsPerMessage),
  peers: { 'node net': theirs.map((o) => o.cpuNsPerMessage) },
});
report({
  bench: `epoll event delivery, ${CONNS} connections`,
  metric: "read events ('data' callbacks for net)",
  unit: 'events/s',
  better: 'higher',
  ferrite: ours.map((o) => o.eventsPerSec),
  peers: { 'node net': theirs.map((o) => o.eventsPerSec) },
});

// An empty poll(events, 0): the fixed cost of one trip into the kernel and back.
const poll = new Poll();
const events = new Events(64);
const emptyPoll = () => nsPerOp(quick ? 200_000 : 1_000_000, (n) => {
  for (let i = 0; i < n; i++) poll.poll(events, 0);
});
emptyPoll();
const samples = Array.from({ length: RUNS }, emptyPoll);
poll.close();
report({
  bench: 'empty poll(events, 0)',
  metric: 'time per call',
  unit: 'ns',
  better: 'lower',
  ferrite: samples,
  peers: {},
});
