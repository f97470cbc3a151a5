// Two workers running benchSwitch, every kind, at the same time, for several rounds. The
// swapcontext benchmark used to find its context through one process-global pointer, so the two
// workers switched into each other's contexts and crashed.
import { once } from 'node:events';
import { exited, fiberWorker, firstMessage } from '../util/fiber-worker.js';

for (let round = 0; round < 3; round++) {
  // Both start together (a shared flag, released once both are loaded), so their benchmarks overlap.
  const go = new Int32Array(new SharedArrayBuffer(4));
  const workers = [0, 1].map(() =>
    fiberWorker(
      `parentPort.postMessage('ready');
       Atomics.wait(workerData, 0, 0);
       let sum = 0;
       for (let i = 0; i < 40; i++) {
         for (const kind of ['swapcontext', 'ferrite', 'minimal']) sum += benchSwitch(kind, 5000);
       }
       parentPort.postMessage(Number.isFinite(sum) && sum > 0);`,
      go,
    ),
  );
  const ends = workers.map((w) => exited(w, 30_000));
  await Promise.all(workers.map((w) => firstMessage(w)));
  const results = workers.map((w) => once(w, 'message'));
  Atomics.store(go, 0, 1);
  Atomics.notify(go, 0);
  const oks = (await Promise.all(results)).map(([ok]) => ok as unknown);
  const codes = await Promise.all(ends);
  if (oks.some((ok) => ok !== true) || codes.some((c) => c !== 0)) throw new Error(`round ${round}: ${oks.join()}, exit codes ${codes.join()}`);
}
console.log('benchSwitch in two workers at once: ok');
