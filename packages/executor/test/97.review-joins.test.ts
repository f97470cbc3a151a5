import { expect } from 'chai';
import { coroutine, joinAll, pending, race, ready, select, tryJoinAll, wait, type Future } from '@ferrite/future';
import { Runtime, TaskAborted, spawn, yieldNow, type JoinHandle } from '../src/index.js';
import { MODES } from './util/modes.js';
import { after, forever } from './util/tasks.js';

// Review of the join hand-over (a task gives its value to its join: JoinSlot.markDone) against
// joins of every kind of child, in both run modes: values in child order, errors thrown as
// before, nothing left running or registered once the join is over or dropped.

/** Throws `message` after `yields` turns. */
const failAfter = (yields: number, message: string): Future<never> =>
  coroutine(function* () {
    for (let i = 0; i < yields; i++) yield* wait(yieldNow());
    throw new Error(message);
  })();

const messageOf = (err: unknown) => (err instanceof TaskAborted ? 'aborted' : (err as Error).message);

for (const mode of MODES) {
  describe(`review: joins of tasks (${mode.name})`, () => {
    it('joinAll of mixed children (ready at once, failing, aborted, late) throws the first error in child order once all are done', async () => {
      using rt = new Runtime();
      const log: string[] = [];
      const out = await mode.exec(rt, coroutine(function* () {
        const hs = [spawn(after(0, 'a')), spawn(failAfter(2, 'b failed')), spawn(forever('c', log)), spawn(after(5, 'd')), spawn(failAfter(4, 'e failed'))];
        const c = hs[2]!;
        const aborter = spawn(coroutine(function* () {
          for (let i = 0; i < 3; i++) yield* wait(yieldNow()); // after b failed: errors in child order also arrive in that order (see the note in the report)
          c.abort();
        })());
        let caught: unknown = null;
        try {
          yield* wait(joinAll<unknown>(hs));
        } catch (err) {
          caught = err;
        }
        yield* wait(aborter);
        return { caught: messageOf(caught), finished: hs.map((h) => h.isFinished()) };
      })());
      expect(out).to.deep.equal({ caught: 'b failed', finished: [true, true, true, true, true] });
      expect(log).to.deep.equal(['c']);
      expect(rt.tasks).to.equal(0);
    });

    it('tryJoinAll: an error after values were handed over wins; the children still running are aborted, the done ones keep their values', async () => {
      using rt = new Runtime();
      const log: string[] = [];
      const out = await mode.exec(rt, coroutine(function* () {
        const done1 = spawn(after(0, 'first'));
        const done2 = spawn(after(1, 'second'));
        const bad = spawn(failAfter(3, 'late error'));
        const waiting = spawn(forever('waiting', log));
        let caught: unknown = null;
        try {
          yield* wait(tryJoinAll<unknown>([done1, done2, bad, waiting]));
        } catch (err) {
          caught = err;
        }
        return { caught: messageOf(caught), waiting: waiting.isFinished(), handles: [done1, done2, waiting] as JoinHandle<unknown>[] };
      })());
      expect(out.caught).to.equal('late error');
      expect(out.waiting).to.equal(true);
      expect(log).to.deep.equal(['waiting']);
      // The values the join took are still the handles' outcomes when awaited.
      expect(await out.handles[0]).to.equal('first');
      expect(await out.handles[1]).to.equal('second');
      let aborted: unknown = null;
      await Promise.resolve(out.handles[2]).catch((e) => (aborted = e));
      expect(aborted).to.be.instanceOf(TaskAborted);
      expect(rt.tasks).to.equal(0);
    });

    it('children finishing in reverse order: values in child order, each handle still awaitable for its value', async () => {
      using rt = new Runtime();
      const n = 50;
      const [values, hs] = await mode.exec(rt, coroutine(function* () {
        const hs = Array.from({ length: n }, (_, i) => spawn(after(n - i, i)));
        return [yield* wait(joinAll(hs)), hs] as const;
      })());
      expect(values).to.deep.equal(Array.from({ length: n }, (_, i) => i));
      expect(await Promise.all(hs)).to.deep.equal(values);
      // Polling a handle whose value the join took is polling after completion.
      expect(() => hs[0]!.poll({ waker: null } as never)).to.throw().with.property('code', 'ERR_POLLED_AFTER_COMPLETION');
    });

    for (const n of [0, 1, 1023, 1024, 1025, 5000]) {
      it(`joinAll of ${n} spawned tasks (the ready queue's block edges): every value, in order; nothing left`, async () => {
        using rt = new Runtime();
        const values = await mode.exec(rt, coroutine(function* () {
          const hs = Array.from({ length: n }, (_, i) => spawn(after(i % 3, i)));
          return yield* wait(joinAll(hs));
        })());
        expect(values).to.have.length(n);
        expect(values.every((v, i) => v === i)).to.equal(true);
        expect(rt.tasks).to.equal(0);
      });
    }

    it('a join dropped (lost a race) while its tasks wait or were never polled: every task aborted once, its drop run', async () => {
      using rt = new Runtime();
      const log: string[] = [];
      const out = await mode.exec(rt, coroutine(function* () {
        // Never polled: the race's first poll polls the join (which polls the handles), then
        // `ready` wins and the join is dropped before any of the tasks ran.
        const unpolled = Array.from({ length: 1030 }, (_, i) => spawn(forever(`u${i}`, log)));
        const first = yield* wait(race(joinAll(unpolled), ready('won at once')));
        // Polled and waiting, then the join dropped.
        const waiting = Array.from({ length: 3 }, (_, i) => spawn(forever(`w${i}`, log)));
        const second = yield* wait(select(joinAll(waiting), after(3, 'won later')));
        return { first, second: second.index, aborted: [...unpolled, ...waiting].every((h) => h.isFinished()) };
      })());
      expect(out).to.deep.equal({ first: 'won at once', second: 1, aborted: true });
      expect(log).to.have.length(1033);
      expect(new Set(log).size).to.equal(1033);
      expect(rt.tasks).to.equal(0);
    });

    it('race over tasks: the winner\'s value, the loser aborted (its drop runs)', async () => {
      using rt = new Runtime();
      const log: string[] = [];
      const out = await mode.exec(rt, coroutine(function* () {
        const slow = spawn(forever('slow', log));
        const fast = spawn(after(2, 'fast'));
        return [yield* wait(race(slow, fast)), slow.isFinished()] as const;
      })());
      expect(out).to.deep.equal(['fast', true]);
      expect(log).to.deep.equal(['slow']);
      expect(rt.tasks).to.equal(0);
    });

    it('a handle awaited from Node after a join took its value gives that value', async () => {
      using rt = new Runtime();
      const { h } = await mode.exec(rt, coroutine(function* () {
        const h = spawn(after(1, { v: 42 }));
        const [v] = yield* wait(joinAll([h]));
        expect(v).to.deep.equal({ v: 42 });
        return { h }; // not the handle itself: an async function would adopt it
      })());
      expect(await h).to.deep.equal({ v: 42 });
      expect(await h.then((v) => v.v)).to.equal(42);
    });

    it('the same finished handle twice in one joinAll: the second poll is polling after completion (a coded error, no hang)', async () => {
      using rt = new Runtime();
      const out = await mode.exec(rt, coroutine(function* () {
        const h = spawn(after(0, 'x'));
        yield* wait(yieldNow()); // h finishes first
        try {
          yield* wait(joinAll([h, h]));
          return 'no error';
        } catch (err) {
          return (err as { code?: string }).code;
        }
      })());
      expect(out).to.equal('ERR_POLLED_AFTER_COMPLETION');
    });
  });
}

describe('review: joins that never end are diagnosed (blockOn)', () => {
  it('a join abandoned by the root while its tasks wait forever: the root ends, close() aborts them', () => {
    const rt = new Runtime();
    const log: string[] = [];
    rt.blockOn(coroutine(function* () {
      const hs = [spawn(forever('x', log)), spawn(pending())];
      const j = joinAll<unknown>(hs);
      yield* wait(race(j, after(1, 'done')));
    })());
    expect(rt.tasks).to.equal(0); // the race dropped the join, which aborted both
    expect(log).to.deep.equal(['x']);
    rt.close();
  });
});
