import { expect } from 'chai';
import { PENDING, Poll, coroutine, joinAll, pollFn, wait, type Future } from '@ferrite/future';
import { sleep } from '@ferrite/reactor';
import { Runtime, TaskAborted, spawn } from '../src/index.js';
import { MODES } from './util/modes.js';

// Review: a Sleep (now its own timer entry) armed by one task and then awaited by another must
// wake the task that waits now; a handle awaited from Node before its task was ever polled, then
// aborted, must still settle; a budget equal to a queue block must not lose or reorder tasks.

for (const mode of MODES) {
  describe(`review: hand-offs (${mode.name})`, () => {
    it('a sleep armed by a task that finished, then awaited by another: the waiting task is woken', async () => {
      using rt = new Runtime();
      const out = await mode.exec(rt, coroutine(function* () {
        const s = sleep(2);
        // The first task arms the timer with its own waker and finishes at once.
        const first = yield* wait(spawn(pollFn((cx) => (s.poll(cx) === PENDING ? Poll.ready('armed') : Poll.ready('fired early')))));
        // The second waits on the same sleep: its waker replaces the first one.
        const second = yield* wait(spawn(coroutine(function* () {
          yield* wait(s);
          return 'woken';
        })()));
        return [first, second];
      })());
      expect(out).to.deep.equal(['armed', 'woken']);
    });

    for (const budget of [1023, 1024, 1025]) {
      it(`budget ${budget} with 3,000 tasks: every task runs once, in order`, async () => {
        using rt = new Runtime({ budget });
        const order: number[] = [];
        const values = await mode.exec(rt, coroutine(function* () {
          const hs = Array.from({ length: 3000 }, (_, i) => spawn(pollFn(() => (order.push(i), Poll.ready(i)))));
          return yield* wait(joinAll(hs as Future<number>[]));
        })());
        expect(order).to.deep.equal(Array.from({ length: 3000 }, (_, i) => i));
        expect(values).to.deep.equal(order);
      });
    }
  });
}

describe('review: a never-polled task awaited from Node, then aborted', () => {
  it('the await rejects with TaskAborted and its drop ran once', async () => {
    using rt = new Runtime();
    const log: string[] = [];
    const h = rt.spawn<never>({ poll: () => PENDING, [Symbol.dispose]: () => void log.push('dropped') });
    const settled = Promise.resolve(h).then(() => 'resolved', (e) => e);
    h.abort(); // before any drain: it was never polled
    expect(await settled).to.be.instanceOf(TaskAborted);
    expect(log).to.deep.equal(['dropped']);
    expect(rt.tasks).to.equal(0);
  });
});
