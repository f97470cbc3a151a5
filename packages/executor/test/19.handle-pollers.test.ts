// A JoinHandle polled from more than one place has one outcome to give: the first poller to
// come back gets it, every other one ERR_POLLED_AFTER_COMPLETION. None may be left waiting (the
// handle used to tell only its newest poller: blockOn deadlocked and run() never settled).
import { expect } from 'chai';
import { coroutine, joinAll, wait, type Future } from '@ferrite/future';
import { Runtime, spawn, yieldNow } from '../src/index.js';
import { MODES } from './util/modes.js';
import { after } from './util/tasks.js';

/** The value, or the error's code, of a future (never throws). */
const settle = <T>(f: Future<T>): Future<{ value?: T; code?: string }> =>
  coroutine(function* () {
    try {
      return { value: yield* wait(f) };
    } catch (err) {
      return { code: (err as { code?: string }).code };
    }
  })();

for (const mode of MODES) {
  describe(`a JoinHandle polled from two places (${mode.name})`, () => {
    it('twice in one joinAll: the join fails with ERR_POLLED_AFTER_COMPLETION instead of waiting forever', async () => {
      using rt = new Runtime();
      const out = await mode.exec(rt, settle(coroutine(function* () {
        const h = spawn(after(2, 'x'));
        return yield* wait(joinAll([h, h]));
      })()));
      expect(out).to.deep.equal({ code: 'ERR_POLLED_AFTER_COMPLETION' });
    });

    it('by two joins: the first told gets the value, the other the coded error', async () => {
      using rt = new Runtime();
      const out = await mode.exec(rt, coroutine(function* () {
        const h = spawn(after(2, 'x'));
        const j1 = spawn(settle(joinAll([h])));
        const j2 = spawn(settle(joinAll([h])));
        return [yield* wait(j1), yield* wait(j2)];
      })());
      expect(out).to.deep.equal([{ value: ['x'] }, { code: 'ERR_POLLED_AFTER_COMPLETION' }]);
    });

    it('by a join and then a task waiting on it directly: both are told', async () => {
      using rt = new Runtime();
      const out = await mode.exec(rt, coroutine(function* () {
        const h = spawn(after(3, 'x'));
        const j1 = spawn(settle(joinAll([h])));
        yield* wait(yieldNow()); // j1 polls h first
        const direct = yield* wait(settle(h));
        return [direct, yield* wait(j1)];
      })());
      expect(out).to.deep.equal([{ code: 'ERR_POLLED_AFTER_COMPLETION' }, { value: ['x'] }]);
    });
  });
}
