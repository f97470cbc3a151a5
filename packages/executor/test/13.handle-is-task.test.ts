import { expect } from 'chai';
import { POLL_JOINED, PENDING, coroutine, wait, type JoinSlot } from '@ferrite/future';
import { Trigger } from '@ferrite/future/testing';
import { sleep } from '@ferrite/reactor';
import { Runtime, spawn, yieldNow, type JoinHandle } from '../src/index.js';
import { MODES } from './util/modes.js';
import { collect } from './util/tasks.js';

// The handle is the task: the join index a join protocol poll gives is kept in the task's flags
// when it fits, and in a context of its own when it does not; both must reach the join.
describe('a JoinHandle polled by the join protocol tells its join the index it was given', () => {
  // 524,287 (2^19 - 1) is the largest index packed in the flags; from 524,288 on, a context.
  for (const index of [0, 7, 524_287, 524_288, 2 ** 30]) {
    it(`index ${index}`, () => {
      using rt = new Runtime();
      const told: number[] = [];
      const join: JoinSlot = { markReady: (i) => void told.push(i) };
      const gate = new Trigger();
      const value = rt.blockOn(coroutine(function* () {
        const h = spawn(coroutine(function* () {
          yield* wait(gate);
          return 'done';
        })());
        expect(h[POLL_JOINED](join, index)).to.equal(PENDING);
        yield* wait(yieldNow()); // the task runs and parks on the gate
        expect(told).to.deep.equal([]);
        gate.resolve();
        yield* wait(yieldNow());
        yield* wait(yieldNow());
        expect(told).to.deep.equal([index]);
        return h[POLL_JOINED](join, index);
      })());
      expect(value).to.deep.equal({ value: 'done' });
    });
  }
});

for (const mode of MODES) {
  describe(`a failed task's handle observed after the failure is not reported (${mode.name})`, () => {
    it('polled late: the poller gets the error, onUnhandledError nothing, even after GC', async () => {
      const reported: string[] = [];
      using rt = new Runtime({ onUnhandledError: (e) => reported.push((e as Error).message) });
      const got = await mode.exec(rt, coroutine(function* () {
        let h: JoinHandle<never> | null = spawn(coroutine(function* () {
          yield* wait(yieldNow());
          throw new Error('late but seen');
        })());
        yield* wait(sleep(5)); // failed, nobody looking yet: watched
        try {
          yield* wait(h);
          return 'no error?';
        } catch (err) {
          h = null;
          return (err as Error).message;
        }
      })());
      await collect();
      expect(got).to.equal('late but seen');
      expect(reported).to.deep.equal([]);
    });
  });
}
