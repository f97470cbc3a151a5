import { expect } from 'chai';
import { coroutine, joinAll, wait, type Future } from '@ferrite/future';
import { Reactor, sleep } from '@ferrite/reactor';
import { Runtime, TaskAborted, spawn, yieldNow } from '../src/index.js';
import { MODES, fdCount } from './util/modes.js';

// Review of the timer changes (a Sleep is its own entry) from the executor's side: sleeps in
// joins beside tasks, sleeping tasks aborted, and close() with 100,000 sleeping tasks.

const timersOf = (rt: Runtime) => (rt.driver as Reactor).timers;

const sleepThen = <T>(ms: number, value: T): Future<T> =>
  coroutine(function* () {
    yield* wait(sleep(ms));
    return value;
  })();

for (const mode of MODES) {
  describe(`review: sleeps and tasks (${mode.name})`, () => {
    it('sleeps inside a joinAll with tasks: the values in order, no timer left', async () => {
      using rt = new Runtime();
      const out = await mode.exec(rt, coroutine(function* () {
        const j = joinAll<unknown>([spawn(sleepThen(3, 'task')), sleep(2), spawn(sleepThen(0, 'quick')), sleep(0), sleepThen(1, 'inline')]);
        return yield* wait(j);
      })());
      expect(out).to.deep.equal(['task', undefined, 'quick', undefined, 'inline']);
      expect(timersOf(rt)).to.equal(0);
    });

    it('a task aborted while its joined sleeps wait: their timers are cancelled, awaiting it says aborted', async () => {
      using rt = new Runtime();
      const out = await mode.exec(rt, coroutine(function* () {
        const sleeper = spawn(joinAll<unknown>([sleep(60_000), sleep(60_000), sleepThen(60_000, 1)]));
        yield* wait(yieldNow()); // it waits now: three timers
        const armed = timersOf(rt);
        sleeper.abort();
        return { armed, after: timersOf(rt), sleeper: { h: sleeper } };
      })());
      expect([out.armed, out.after]).to.deep.equal([3, 0]);
      let err: unknown = null;
      await Promise.resolve(out.sleeper.h).catch((e) => (err = e));
      expect(err).to.be.instanceOf(TaskAborted);
    });
  });
}

describe('review: close() with 100,000 sleeping tasks', () => {
  it('leaves no timer and no fd; every sleeping task is dropped', () => {
    const fds = fdCount();
    const rt = new Runtime();
    let dropped = 0;
    rt.blockOn(coroutine(function* () {
      for (let i = 0; i < 100_000; i++)
        spawn(coroutine(function* () {
          try {
            yield* wait(sleep(60_000 + (i % 1000)));
          } finally {
            dropped++;
          }
        })());
      yield* wait(yieldNow()); // queued behind all of them: they all wait when it runs again
      expect(timersOf(rt)).to.equal(100_000);
    })());
    expect(rt.tasks).to.equal(100_000);
    rt.close();
    expect(dropped).to.equal(100_000);
    expect(timersOf(rt)).to.equal(0);
    expect(rt.tasks).to.equal(0);
    expect(fdCount()).to.equal(fds);
  });
});
