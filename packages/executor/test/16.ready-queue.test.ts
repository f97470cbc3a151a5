import { expect } from 'chai';
import { coroutine, joinAll, wait } from '@ferrite/future';
import { ReadyQueue } from '../src/ready-queue.js';
import { Runtime, spawn, yieldNow } from '../src/index.js';
import type { Task } from '../src/task.js';

const item = (n: number) => ({ n }) as unknown as Task;
const numberOf = (t: Task) => (t as unknown as { n: number }).n;

// The ready queue is a chain of blocks, the emptied one reused: FIFO across blocks and reuse, and a
// task taken out is not held by its old slot.
describe('the ready queue', () => {
  it('is FIFO across blocks, a block emptied and reused (checked against a plain array)', () => {
    const q = new ReadyQueue();
    const model: number[] = [];
    let next = 0;
    // Pushes outnumber shifts: the queue spans several blocks of 1,024 and reuses emptied ones.
    for (let step = 0; step < 5000; step++) {
      if (step % 3 === 2 && model.length > 0) {
        expect(numberOf(q.shift())).to.equal(model.shift());
      } else {
        q.push(item(next));
        model.push(next++);
      }
      expect(q.length).to.equal(model.length);
    }
    expect(q.take().map(numberOf)).to.deep.equal(model);
    expect(q.length).to.equal(0);
    // Bursts emptied completely, ending at, before and past a block's end.
    for (const burst of [1023, 1, 1024, 1025, 3000, 2]) {
      for (let i = 0; i < burst; i++) q.push(item(i));
      const out: number[] = [];
      while (q.length > 0) out.push(numberOf(q.shift()));
      expect(out).to.deep.equal(Array.from({ length: burst }, (_, i) => i));
    }
  });

  it('does not hold what was taken out of it', async () => {
    const q = new ReadyQueue();
    // In a function of its own: no frame of the test keeps the last item it touched.
    const cycle = (): WeakRef<object>[] => {
      const refs: WeakRef<object>[] = [];
      for (let i = 0; i < 100; i++) {
        const t = item(i);
        refs.push(new WeakRef(t));
        q.push(t);
      }
      for (let i = 0; i < 100; i++) q.shift();
      for (let i = 0; i < 10; i++) q.push(item(1000 + i)); // the emptied block is used again
      return refs;
    };
    const refs = cycle();
    await new Promise((r) => setImmediate(r)); // a WeakRef keeps its target until the job ends
    (globalThis as { gc?: () => void }).gc!();
    expect(refs.filter((r) => r.deref() !== undefined)).to.have.length(0);
    expect(q.take().map(numberOf)).to.deep.equal(Array.from({ length: 10 }, (_, i) => 1000 + i));
  });

  it('runs many yielding tasks round-robin, in spawn order every round', () => {
    using rt = new Runtime();
    const order: string[] = [];
    rt.blockOn(coroutine(function* () {
      const hs = Array.from({ length: 300 }, (_, i) => spawn(coroutine(function* () {
        for (let round = 0; round < 3; round++) {
          order.push(`${round}:${i}`);
          yield* wait(yieldNow());
        }
      })()));
      yield* wait(joinAll(hs));
    })());
    const expected = [0, 1, 2].flatMap((round) => Array.from({ length: 300 }, (_, i) => `${round}:${i}`));
    expect(order).to.deep.equal(expected);
  });
});
