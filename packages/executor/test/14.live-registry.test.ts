import { expect } from 'chai';
import { coroutine, joinAll, pending, ready, wait } from '@ferrite/future';
import { Runtime, spawn, yieldNow } from '../src/index.js';

// The executor keeps its live tasks in an array compacted lazily (once finished tasks outnumber
// the live ones): close() must still reach every unfinished task, and only those, after any
// number of compactions, and `tasks` must count exactly the unfinished ones.
describe('the registry of live tasks across compactions', () => {
  for (const order of ['waiter first (finished tasks behind a live one)', 'waiter last (finished tasks in front, let go in order)']) {
    it(`close() aborts exactly the unfinished tasks after thousands finished around them: ${order}`, () => {
      const rt = new Runtime();
      const cleaned: number[] = [];
      const waiter = (i: number) => coroutine(function* () {
        try {
          yield* wait(pending());
        } finally {
          cleaned.push(i);
        }
      })();
      rt.blockOn(coroutine(function* () {
        for (let round = 0; round < 5; round++) {
          if (order.startsWith('waiter first')) spawn(waiter(round)).detach();
          const quick = Array.from({ length: 3000 }, (_, i) => spawn(ready(i)));
          if (order.startsWith('waiter last')) spawn(waiter(round)).detach();
          yield* wait(joinAll(quick));
          yield* wait(yieldNow());
        }
      })());
      expect(rt.tasks).to.equal(5);
      expect(cleaned).to.deep.equal([]);
      rt.close();
      expect(cleaned).to.deep.equal([4, 3, 2, 1, 0]); // newest first, each once
      expect(rt.tasks).to.equal(0);
    });
  }

  it('holds few finished tasks (and their outputs) past their handles while a long-lived task runs', async () => {
    using rt = new Runtime();
    const outputs: WeakRef<object>[] = [];
    rt.blockOn(coroutine(function* () {
      spawn(pending()).detach(); // in front of everything, for the whole test
      for (let round = 0; round < 10; round++) {
        for (let i = 0; i < 500; i++) {
          const out = { round, i };
          outputs.push(new WeakRef(out));
          spawn(ready(out)); // handle dropped at once
        }
        yield* wait(yieldNow()); // they all run and finish
      }
    })());
    await new Promise((r) => setImmediate(r)); // a WeakRef keeps its target until the job ends
    (globalThis as { gc?: () => void }).gc!();
    const alive = outputs.filter((w) => w.deref() !== undefined).length;
    // The bound of the lazy compaction: 2 x live + 256 finished tasks at most (live: 1 here).
    expect(alive).to.be.at.most(2 * 1 + 256);
  });
});
