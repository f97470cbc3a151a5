// worker.terminate() while the worker is inside a long FiberRuntime.run(), 20 times, in four
// shapes: fibers calling JavaScript on every step, a run blocked in epoll_wait on a socket that
// stays silent, busy native fibers that never call JavaScript, and a mix. Termination makes every
// N-API call fail: that used to abort the process (FATAL ERROR ... napi_throw) or hang it (the
// scheduler resumed fibers whose every callback failed). Each terminate() must return promptly.
import { exited, fiberWorker, firstMessage } from '../util/fiber-worker.js';

const SHAPES: Record<string, string> = {
  callbacks: `for (let i = 0; i < 4; i++) rt.spawn('counter', { n: 1e12, onStep: (_id, k) => { if (k === 100) parentPort.postMessage('running'); } });`,
  sleep: `const { net } = await import('@ferrite/epoll');
          const [w, r] = net.tcpPair();
          rt.spawn('fdReader', { fd: r.fd });
          rt.spawn('counter', { n: 1, onStep: () => parentPort.postMessage('running') });`,
  busy: `spawnTestTask(rt, 'yielder', { n: 1e15 });
         spawnTestTask(rt, 'yielder', { n: 1e15 });
         rt.spawn('counter', { n: 1, onStep: () => parentPort.postMessage('running') });`,
  mixed: `rt.spawn('sleeper', { ms: 1e9 });
          spawnTestTask(rt, 'yielder', { n: 1e15 });
          rt.spawn('counter', { n: 1e12, onStep: (_id, k) => { if (k === 10) parentPort.postMessage('running'); JSON.stringify({ k }); } });`,
};

const names = Object.keys(SHAPES);
// npm run test:stress raises the rounds through STORM_ROUNDS.
const ROUNDS = Math.max(20, Number(process.env.STORM_ROUNDS) || 20);
for (let i = 0; i < ROUNDS; i++) {
  const shape = names[i % names.length]!;
  const w = fiberWorker(`const rt = new FiberRuntime({ stackSize: 64 * 1024 });
    ${SHAPES[shape]}
    rt.run();
    parentPort.postMessage('run() returned');`);
  const done = exited(w, 10_000);
  const first = await firstMessage(w);
  if (first !== 'running') throw new Error(`${shape}: ${String(first)}`);
  // Now, or a little later: terminate lands in a callback, in epoll_wait or between switches.
  if (i % 2) await new Promise((r) => setTimeout(r, 5));
  await Promise.race([w.terminate(), done]);
  const code = await done;
  if (code !== 1) throw new Error(`${shape}: exit code ${code}`);
}
console.log(`terminated ${ROUNDS} workers inside run()`);
