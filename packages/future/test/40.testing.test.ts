import { expect } from 'chai';
import { coroutine, joinAll, pending, wait } from '../src/index.js';
import { ManualClock, TestExecutor, Trigger } from '../src/testing/index.js';

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
    expect(() => new TestExecutor().block(pending())).to.throw(/stalled/).with.property('code', 'ERR_DEADLOCK');
  });

  it('TestExecutor: FIFO order of ready tasks', () => {
    const ex = new TestExecutor();
    const tasks = [1, 2, 3].map((n) => ex.spawn(coroutine(function* () {
      return n;
    })()));
    ex.runUntilStalled();
    expect(ex.trace.map((t) => tasks.indexOf(t as never))).to.deep.equal([0, 1, 2]);
  });

  describe('TestExecutor({ shuffle: seed })', () => {
    const orderOf = (seed: number, n = 4) => {
      const ex = new TestExecutor({ shuffle: seed });
      const tasks = Array.from({ length: n }, (_, i) => ex.spawn(coroutine(function* () {
        return i;
      })()));
      ex.runUntilStalled();
      return ex.trace.map((t) => tasks.indexOf(t as never));
    };

    it('picks ready tasks at random: over many seeds every order of 3 tasks appears', () => {
      const seen = new Set<string>();
      for (let seed = 0; seed < 200; seed++) seen.add(orderOf(seed, 3).join(''));
      expect([...seen].sort()).to.deep.equal(['012', '021', '102', '120', '201', '210']);
    });

    it('the same seed replays the same schedule', () => {
      for (const seed of [0, 1, -7, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER]) expect(orderOf(seed, 8)).to.deep.equal(orderOf(seed, 8));
      expect(orderOf(1, 8)).to.not.deep.equal(orderOf(2, 8));
    });

    it('still runs a task once per batch of wakes, and every task to the end', () => {
      const ex = new TestExecutor({ shuffle: 42 });
      const t = new Trigger<number>();
      const task = ex.spawn(t);
      ex.runUntilStalled();
      t.waker!.wake();
      t.waker!.wake();
      expect(ex.queue.length).to.equal(1);
      t.resolve(5);
      ex.runUntilStalled();
      expect([task.value, task.polls]).to.deep.equal([5, 2]);
    });

    it('a seed that is not an integer is ERR_INVALID_ARG_VALUE, an unsafe one ERR_OUT_OF_RANGE; options not an object ERR_INVALID_ARG_TYPE', () => {
      for (const bad of [1.5, NaN]) {
        expect(() => new TestExecutor({ shuffle: bad as number })).to.throw(RangeError).with.property('code', 'ERR_INVALID_ARG_VALUE');
      }
      expect(() => new TestExecutor({ shuffle: 2 ** 53 })).to.throw(RangeError).with.property('code', 'ERR_OUT_OF_RANGE');
      expect(() => new TestExecutor({ shuffle: '1' as never })).to.throw(TypeError).with.property('code', 'ERR_INVALID_ARG_TYPE');
      expect(() => new TestExecutor(null as never)).to.throw(TypeError).with.property('code', 'ERR_INVALID_ARG_TYPE');
    });
  });
});
