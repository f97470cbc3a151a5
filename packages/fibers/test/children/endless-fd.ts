// fdReader on an fd that never runs dry (/dev/zero, opened O_NONBLOCK so it passes the
// non-blocking check). The task used to loop on read() without ever switching: step() never
// returned, no other fiber ran, and a worker running it could not be terminated (run() checks
// for termination between switches), so the process could not exit. Now it yields every 16
// reads in a row: step() returns, other fibers take turns, and terminate() returns promptly,
// 5 rounds.
import fs from 'node:fs';
import { FiberRuntime } from '../../src/index.js';
import { exited, fiberWorker, firstMessage } from '../util/fiber-worker.js';

const open = () => fs.openSync('/dev/zero', fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);

// On this thread: step() returns, and a counter beside the reader gets its turns.
{
  const fd = open();
  const rt = new FiberRuntime({ stackSize: 64 * 1024 });
  rt.spawn('fdReader', { fd });
  let steps = 0;
  rt.spawn('counter', { n: 10, onStep: () => void steps++ });
  for (let i = 0; i < 20; i++) if (!rt.step()) throw new Error('the reader finished on /dev/zero');
  if (steps !== 10) throw new Error(`the counter ran ${steps} of 10 steps beside the reader`);
  rt.close();
  fs.closeSync(fd);
  console.log('step() returns beside an endless reader: ok');
}

const ROUNDS = Math.max(5, Number(process.env.STORM_ROUNDS) || 5);
let slowest = 0;
for (let i = 0; i < ROUNDS; i++) {
  const w = fiberWorker(`const fs = await import('node:fs');
    const fd = fs.openSync('/dev/zero', fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const rt = new FiberRuntime();
    rt.spawn('fdReader', { fd, onDone: (b) => parentPort.postMessage('reader finished: ' + b) });
    rt.spawn('counter', { n: 1, onStep: () => parentPort.postMessage('running') });
    rt.run();
    parentPort.postMessage('run() returned');`);
  const done = exited(w, 10_000);
  const first = await Promise.race([firstMessage(w), new Promise((r) => setTimeout(() => r('no message within 5 s'), 5000))]);
  if (first !== 'running') throw new Error(`round ${i}: ${String(first)}`);
  await new Promise((r) => setTimeout(r, 20 + 10 * i));
  const t0 = Date.now();
  const ended = await Promise.race([w.terminate().then(() => true), new Promise((r) => setTimeout(() => r(false), 3000))]);
  const ms = Date.now() - t0;
  if (ended !== true) throw new Error(`round ${i}: terminate() did not return within 3000 ms`);
  slowest = Math.max(slowest, ms);
  const code = await done;
  if (code !== 1) throw new Error(`round ${i}: exit code ${code}`);
}
console.log(`terminated ${ROUNDS} workers reading /dev/zero; slowest terminate() ${slowest} ms`);
