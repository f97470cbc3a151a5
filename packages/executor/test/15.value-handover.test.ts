import { expect } from 'chai';
import { POLL_JOINED, PENDING, Poll, joinAll, coroutine, wait, type Future, type JoinSlot } from '@ferrite/future';
import { Runtime, spawn, yieldNow } from '../src/index.js';

const collect = async () => {
  await new Promise((r) => setImmediate(r)); // a WeakRef keeps its target until the job ends
  (globalThis as { gc?: () => void }).gc!();
};

// A finished task keeps its output only, and a join that takes values (JoinSlot.markDone) gets
// it from the task as it finishes, without polling the handle again.
describe('a finished task hands its value on', () => {
  it('to a join that takes it: markDone with the value, once; the handle is not polled again', () => {
    using rt = new Runtime();
    const done: [number, unknown][] = [];
    const ready: number[] = [];
    const join: JoinSlot = { markReady: (i) => void ready.push(i), markDone: (i, v) => void done.push([i, v]) };
    rt.blockOn(coroutine(function* () {
      const h = spawn(coroutine(function* () {
        yield* wait(yieldNow());
        return 'value';
      })());
      expect(h[POLL_JOINED](join, 3)).to.equal(PENDING);
      yield* wait(yieldNow());
      yield* wait(yieldNow());
      expect(h.isFinished()).to.equal(true);
      // The join has the outcome: polling the handle again is polling after completion.
      expect(() => h[POLL_JOINED](join, 3)).to.throw().with.property('code', 'ERR_POLLED_AFTER_COMPLETION');
    })());
    expect(done).to.deep.equal([[3, 'value']]);
    expect(ready).to.deep.equal([]);
  });

  it('an error is not handed over: markReady, then the poll throws it', () => {
    using rt = new Runtime();
    const ready: number[] = [];
    const join: JoinSlot = { markReady: (i) => void ready.push(i), markDone: () => expect.fail('an error handed over as a value') };
    const caught = rt.blockOn(coroutine(function* () {
      const h = spawn(coroutine(function* () {
        yield* wait(yieldNow());
        throw new Error('failed');
      })());
      expect(h[POLL_JOINED](join, 0)).to.equal(PENDING);
      yield* wait(yieldNow());
      yield* wait(yieldNow());
      try {
        h[POLL_JOINED](join, 0);
        return 'no error?';
      } catch (err) {
        return (err as Error).message;
      }
    })());
    expect(ready).to.deep.equal([0]);
    expect(caught).to.equal('failed');
  });

  it('joinAll of spawned tasks gets every value in order; awaiting a handle afterwards still gives its value', async () => {
    using rt = new Runtime();
    const [values, handle] = rt.blockOn(coroutine(function* () {
      const hs = Array.from({ length: 100 }, (_, i) => spawn(coroutine(function* () {
        if (i % 2 === 0) yield* wait(yieldNow()); // finish out of order
        return i;
      })()));
      return [yield* wait(joinAll(hs)), hs[7]!] as const;
    })());
    expect(values).to.deep.equal(Array.from({ length: 100 }, (_, i) => i));
    expect(await handle).to.equal(7);
  });

  it('a finished task holds its output, not its future nor the Ready it gave', async () => {
    using rt = new Runtime();
    const output = { out: 1 };
    const refs: WeakRef<object>[] = [];
    const make = (): Future<object> => {
      const future = {
        poll: () => {
          const p = Poll.ready(output);
          refs.push(new WeakRef(p));
          return p;
        },
      };
      refs.push(new WeakRef(future));
      return future;
    };
    const handle = rt.blockOn(coroutine(function* () {
      const h = spawn(make());
      yield* wait(yieldNow()); // it runs and finishes
      return h;
    })());
    expect(handle.isFinished()).to.equal(true);
    await collect();
    expect(refs.map((r) => r.deref())).to.deep.equal([undefined, undefined]);
    expect(await handle).to.equal(output);
  });
});
