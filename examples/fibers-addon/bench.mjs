#!/usr/bin/env node
// node bench.mjs [connections=1000] [mode=run|loop]: that many client fibers at once against a
// loopback echo server in a child process (so that it answers while run() holds this thread);
// prints the wall time, the fibers' peak and the process's peak RSS (VmHWM).
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FiberRuntime } from '@ferrite/fibers';
import { spawnClients } from './index.js';

const count = Number(process.argv[2] ?? 1000);
const mode = process.argv[3] ?? 'run';
if (process.argv[2] === 'serve') {
  const net = await import('node:net');
  const server = net.createServer({ allowHalfOpen: true }, (s) => s.pipe(s)).listen(0, '127.0.0.1', 4096, () => process.send(server.address().port));
  process.on('disconnect', () => process.exit(0));
} else {
  const child = fork(fileURLToPath(import.meta.url), ['serve']);
  const port = await new Promise((resolve) => child.once('message', resolve));
  const rssKiB = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
  const before = rssKiB();
  const rt = new FiberRuntime({ stackSize: 64 * 1024 });
  let ok = 0;
  const failed = {};
  const t0 = process.hrtime.bigint();
  spawnClients(rt, { port, count, timeoutMs: 10_000, request: (i) => `hello from fiber ${i}\n`, onDone: (r) => (r.code === 'OK' ? ok++ : (failed[r.code] = (failed[r.code] ?? 0) + 1)) });
  if (mode === 'loop') await rt.runInLoop();
  else rt.run();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const { maxLive, switches } = rt.stats();
  rt.close();
  console.log(JSON.stringify({ connections: count, mode, ok, failed, ms: Math.round(ms), maxLiveFibers: maxLive, switches, rssBeforeMiB: +(before / 1024).toFixed(1), peakRssMiB: +(rssKiB() / 1024).toFixed(1) }));
  child.disconnect();
}
