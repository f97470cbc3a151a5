/**
 * Futures versus Promises, in the same run:
 *  1. 1,000,000 trivial futures through a minimal run loop vs 1,000,000 async calls + Promise.all;
 *  2. 1,000 futures each woken 1,000 times vs 1,000 async functions each awaiting 1,000 times;
 *  3. one coroutine with 1,000,000 `yield* wait(ready(x))` vs one async function awaiting
 *     1,000,000 resolved promises.
 *
 * CPU time per step of this process (both sides run here) next to wall-clock throughput; rounds
 * interleaved until the medians are stable (bench/lib/measure.ts).
 *
 *   node --import tsx bench/futures.ts [--runs 5] [--max-runs 25] [--quick]
 */
import { coroutine, pollFn, Poll, PENDING, ready, wait } from '@ferrite/future';
import { interleave, sample } from './lib/measure.js';
import { quick, reportSamples } from './lib/report.js';
import { MiniLoop } from './lib/mini-executor.js';

const N = quick ? 200_000 : 1_000_000;
const TASKS = 1000;
const WAKES = quick ? 200 : 1000;

const rate = sample;

const trivialFutures = () => rate(N, () => {
  const loop = new MiniLoop();
  for (let i = 0; i < N; i++) loop.spawn(ready(i));
  loop.run();
  if (loop.completed !== N) throw new Error('lost tasks');
});

const trivialAsync = () => rate(N, async () => {
  const f = async (i: number) => i;
  const all: Promise<number>[] = [];
  for (let i = 0; i < N; i++) all.push(f(i));
  await Promise.all(all);
});

const wakeFutures = () => rate(TASKS * WAKES, () => {
  const loop = new MiniLoop();
  for (let t = 0; t < TASKS; t++) {
    let n = 0;
    loop.spawn(pollFn((cx) => {
      if (++n === WAKES) return Poll.ready(n);
      cx.waker.wakeByRef();
      return PENDING;
    }));
  }
  loop.run();
});

const wakeAsync = () => rate(TASKS * WAKES, async () => {
  const task = async () => {
    for (let n = 1; n < WAKES; n++) await null;
  };
  await Promise.all(Array.from({ length: TASKS }, task));
});

const steps = coroutine(function* (n: number) {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += yield* wait(ready(i));
  return sum;
});

const coroutineSteps = () => rate(N, () => {
  const loop = new MiniLoop();
  loop.spawn(steps(N));
  loop.run();
});

const asyncSteps = () => rate(N, async () => {
  let sum = 0;
  for (let i = 0; i < N; i++) sum += await Promise.resolve(i);
  if (sum < 0) throw new Error('unreachable');
});

const cases = [
  { name: `${N.toLocaleString('en-US')} trivial tasks`, unit: 'tasks/s', ours: trivialFutures, theirs: trivialAsync, peer: 'async+Promise.all' },
  { name: `${TASKS} tasks woken ${WAKES} times`, unit: 'polls/s', ours: wakeFutures, theirs: wakeAsync, peer: 'async await' },
  { name: `coroutine, ${N.toLocaleString('en-US')} wait(ready(x)) steps`, unit: 'steps/s', ours: coroutineSteps, theirs: asyncSteps, peer: 'await resolved' },
];

for (const c of cases) {
  const bench = `futures: ${c.name}`;
  const s = await interleave(bench, { ferrite: c.ours, [c.peer]: c.theirs });
  reportSamples(bench, c.unit, s as typeof s & { ferrite: typeof s.ferrite });
}
