import { expect } from 'chai';
import { coroutine, joinAll, wait } from '../src/index.js';
import { TestExecutor } from '../src/testing/index.js';
import { Trigger, triggers } from './util/spy.js';

describe('contracts 4 and 5: wakes and polls, end to end through an executor', () => {
  it('each wake is followed by at least one poll', () => {
    const ex = new TestExecutor();
    const t = new Trigger<number>();
    const task = ex.spawn(coroutine(function* () {
      return yield* wait(t);
    })());
    ex.runUntilStalled();
    expect(task.polls).to.equal(1);
    t.resolve(1);
    ex.runUntilStalled();
    expect(task.polls).to.equal(2);
    expect(task.value).to.equal(1);
  });

  it('many wakes before the task runs merge into one poll', () => {
    const ex = new TestExecutor();
    const ts = triggers(5);
    const task = ex.spawn(joinAll(ts));
    ex.runUntilStalled();
    ts.forEach((t, i) => t.resolve(i));
    expect(task.wakes).to.equal(5);
    expect(ex.runUntilStalled()).to.equal(1);
    expect(task.value).to.deep.equal([0, 1, 2, 3, 4]);
  });

  it('waking a finished task is harmless', () => {
    const ex = new TestExecutor();
    const t = new Trigger<number>();
    const task = ex.spawn(t);
    ex.runUntilStalled();
    const waker = t.waker!;
    t.resolve(1);
    ex.runUntilStalled();
    expect(task.done).to.equal(true);
    expect(() => {
      waker.wake();
      waker.wakeByRef();
    }).not.to.throw();
    expect(ex.runUntilStalled()).to.equal(0);
    expect(task.polls).to.equal(2);
  });
});
