// A worker thread's own runtime: a join of spawned tasks, a handle awaited from the worker's
// loop, and a failed task whose dropped handle must be reported. Posts what it saw.
import { parentPort } from 'node:worker_threads';
import { Runtime, spawn } from '@ferrite/executor';
import { coroutine, joinAll, ready, wait } from '@ferrite/future';
import { sleep } from '@ferrite/reactor';

const reported = [];
const rt = new Runtime({ onUnhandledError: (e) => reported.push(e.message) });
const sum = rt.blockOn(coroutine(function* () {
  (() => void spawn(coroutine(function* () {
    yield* wait(sleep(1));
    throw new Error('dropped in a worker');
  })()))();
  const values = yield* wait(joinAll(Array.from({ length: 2000 }, (_, i) => spawn(ready(i)))));
  yield* wait(sleep(5));
  return values.reduce((a, b) => a + b, 0);
})());
const awaited = await rt.spawn(ready('awaited'));
for (let i = 0; i < 20 && reported.length === 0; i++) {
  globalThis.gc();
  await new Promise((r) => setTimeout(r, 5));
}
rt.close();
parentPort.postMessage({ sum, awaited, reported, tasks: rt.tasks });
