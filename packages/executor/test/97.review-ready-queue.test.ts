import { expect } from 'chai';
import { coroutine, wait } from '@ferrite/future';
import { ReadyQueue } from '../src/ready-queue.js';
import { Runtime, spawn, yieldNow } from '../src/index.js';
import type { Task } from '../src/task.js';
import { MODES, type Mode } from './util/modes.js';

const item = (n: number) => ({ n }) as unknown as Task;
const numberOf = (t: Task) => (t as unknown as { n: number }).n;

/** A small seeded generator (xorshift32): the same walk on every run. */
const random = (seed: number) => () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 0x1_0000_0000;
};

// Review of the block-chained ready queue: lengths that wander around the block edges (1,024),
// emptied exactly at an edge, refilled at once, drained by take(): always FIFO, length exact.
describe('review: the ready queue around its block edges', () => {
  it('a seeded random walk of pushes, shifts and takes matches a plain array', () => {
    const q = new ReadyQueue();
    const model: number[] = [];
    const rnd = random(0x9e3779b9);
    let next = 0;
    for (let phase = 0; phase < 60; phase++) {
      // Aim at a length near a block edge (k * 1024 + [-2, 2]) or zero, then wander there.
      const target = rnd() < 0.2 ? 0 : Math.floor(rnd() * 4) * 1024 + Math.floor(rnd() * 5) - 2;
      while (model.length !== Math.max(0, target)) {
        if (model.length < target) {
          q.push(item(next));
          model.push(next++);
        } else expect(numberOf(q.shift())).to.equal(model.shift());
      }
      for (let k = 0; k < 50; k++) {
        if (rnd() < 0.5 || model.length === 0) {
          q.push(item(next));
          model.push(next++);
        } else expect(numberOf(q.shift())).to.equal(model.shift());
        expect(q.length).to.equal(model.length);
      }
      if (rnd() < 0.1) expect(q.take().map(numberOf)).to.deep.equal(model.splice(0));
    }
    expect(q.take().map(numberOf)).to.deep.equal(model);
    expect(q.length).to.equal(0);
  });
});

/**
 * n tasks spawned at once, each spawning a child and yielding: over 2,500 tasks the queue runs
 * across block edges while they spawn. Parents are polled in spawn order, then each parent's
 * child and its second step, interleaved as queued (parent i queues child i, then itself).
 */
async function spawnOverBlockEdges(mode: Mode, budget: number | undefined): Promise<void> {
  using rt = new Runtime(budget === undefined ? {} : { budget });
  const order: number[] = [];
  const n = 2500;
  await mode.exec(rt, coroutine(function* () {
    for (let i = 0; i < n; i++)
      spawn(coroutine(function* () {
        order.push(i);
        spawn(coroutine(function* () {
          order.push(n + i);
        })());
        yield* wait(yieldNow());
        order.push(2 * n + i);
      })());
    while (order.length < 3 * n) yield* wait(yieldNow());
  })());
  const expected: number[] = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < n; i++) expected.push(n + i, 2 * n + i);
  expect(order).to.deep.equal(expected);
  expect(rt.tasks).to.equal(0);
}

for (const mode of MODES)
  describe(`review: the ready queue across its blocks (${mode.name})`, () => {
    for (const budget of [7, undefined])
      it(`tasks spawning while the queue runs over block edges are polled first-in first-out (budget ${budget ?? 'default'})`, () =>
        spawnOverBlockEdges(mode, budget));
  });
