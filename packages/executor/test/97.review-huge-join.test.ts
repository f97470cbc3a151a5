import { expect } from 'chai';
import { coroutine, joinAll, ready, tryJoinAll, wait, type Future } from '@ferrite/future';
import { Runtime, TaskAborted, spawn, yieldNow } from '../src/index.js';

// Review of the hand-over at the join protocol's limits: past MAX_PACKED_INDEX (2^19 - 1) a
// child's index does not fit the task's flags, so those children are told by markReady and
// polled again while the others hand their values over (markDone), in one join.

describe('review: joins at the join protocol\'s limits', () => {
  it('joinAll of 524,300 tasks (both ways of telling the join): every value, in order', () => {
    using rt = new Runtime();
    const n = (1 << 19) + 12;
    const values = rt.blockOn(coroutine(function* () {
      const hs = new Array<Future<number>>(n);
      // All still queued when the join first polls them: each finishes later, at its own poll.
      for (let i = 0; i < n; i++) hs[i] = spawn(ready(i));
      return yield* wait(joinAll(hs));
    })());
    expect(values.length).to.equal(n);
    let wrong = -1;
    for (let i = 0; i < n && wrong < 0; i++) if (values[i] !== i) wrong = i;
    expect(wrong).to.equal(-1);
    expect(rt.tasks).to.equal(0);
  });

  it('tryJoinAll of 5,000 tasks, an error after half handed their values over: the rest aborted once, nothing left', async () => {
    using rt = new Runtime();
    let dropped = 0;
    const out = rt.blockOn(coroutine(function* () {
      const hs = Array.from({ length: 5000 }, (_, i) =>
        spawn(coroutine(function* () {
          try {
            if (i === 2600) {
              yield* wait(yieldNow());
              throw new Error('half way');
            }
            for (let k = 0; k < (i < 2500 ? 0 : 5); k++) yield* wait(yieldNow());
            return i;
          } finally {
            if (i >= 2500 && i !== 2600) dropped++;
          }
        })()),
      );
      try {
        yield* wait(tryJoinAll(hs));
        return { error: 'none', hs };
      } catch (err) {
        return { error: (err as Error).message, hs };
      }
    })());
    expect(out.error).to.equal('half way');
    expect(dropped).to.equal(2499); // every unfinished one ran its finally once (aborted)
    expect(await out.hs[10]!).to.equal(10);
    let aborted: unknown = null;
    await Promise.resolve(out.hs[4000]!).catch((e) => (aborted = e));
    expect(aborted).to.be.instanceOf(TaskAborted);
    expect(rt.tasks).to.equal(0);
  });
});
