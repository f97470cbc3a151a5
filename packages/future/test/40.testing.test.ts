import { expect } from 'chai';
import { coroutine, joinAll, pending, wait } from '../src/index.js';
import { ManualClock, TestExecutor } from '../src/testing/index.js';

describe('testing tools', () => {
  it('ManualClock: sleeps complete in deadline order as time advances', () => {
    const clock = new ManualClock();
    const order: number[] = [];
    const sleeper = coroutine(function* (ms: number) {
      yield* wait(clock.sleep(ms));
      order.push(ms);
      return clock.now;
    });
    const ex = new TestExecutor();
    const all = ex.block(joinAll([sleeper(300), sleeper(100), sleeper(200)]), clock);
    expect(order).to.deep.equal([100, 200, 300]);
    expect(all).to.deep.equal([300, 100, 200]);
  });

  it('a disposed sleep leaves no deadline behind', () => {
    const clock = new ManualClock();
    const ex = new TestExecutor();
    const s = clock.sleep(50);
    ex.spawn(s);
    ex.runUntilStalled();
    expect(clock.nextDeadline()).to.equal(50);
    s[Symbol.dispose]!();
    expect(clock.nextDeadline()).to.equal(null);
  });

  it('TestExecutor.block: a future that can never finish is an error, not a hang', () => {
    expect(() => new TestExecutor().block(pending())).to.throw(/stalled/);
  });

  it('TestExecutor: FIFO order of ready tasks', () => {
    const ex = new TestExecutor();
    const tasks = [1, 2, 3].map((n) => ex.spawn(coroutine(function* () {
      return n;
    })()));
    ex.runUntilStalled();
    expect(ex.trace.map((t) => tasks.indexOf(t as never))).to.deep.equal([0, 1, 2]);
  });
});
