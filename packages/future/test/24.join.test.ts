import { expect } from 'chai';
import { Context, Poll, Waker, join, joinAll, ready, tryJoinAll } from '../src/index.js';
import { TestExecutor } from '../src/testing/index.js';
import { triggers } from './util/spy.js';

const cx = Context.noop();

describe('contract 8: joinAll', () => {
  it('polls every child on the first poll (lazy children progress concurrently)', () => {
    const ts = triggers(4);
    const f = joinAll(ts);
    expect(f.poll(cx)).to.equal(Poll.PENDING);
    expect(ts.map((t) => t.polls)).to.deep.equal([1, 1, 1, 1]);
  });

  it('resolves to all values in child order, whatever the completion order', () => {
    const ts = triggers(4);
    const ex = new TestExecutor();
    const task = ex.spawn(joinAll(ts));
    ex.runUntilStalled();
    for (const i of [2, 0, 3, 1]) {
      ts[i]!.resolve(i * 10);
      ex.runUntilStalled();
    }
    expect(task.value).to.deep.equal([0, 10, 20, 30]);
  });

  it('re-polls only the children that woke (never the finished ones)', () => {
    const ts = triggers(3);
    let parentWakes = 0;
    const cx = new Context(Waker.from(() => parentWakes++));
    const f = joinAll(ts);
    f.poll(cx);
    ts[0]!.resolve(1);
    expect(parentWakes).to.equal(1);
    f.poll(cx);
    f.poll(cx);
    expect(ts.map((t) => t.polls)).to.deep.equal([2, 1, 1]);
    ts[2]!.resolve(3);
    f.poll(cx);
    expect(ts.map((t) => t.polls)).to.deep.equal([2, 1, 2]);
  });

  it('of nothing is Ready with []', () => {
    expect(joinAll([]).poll(cx)).to.deep.equal(Poll.ready([]));
  });

  it('lets every child finish when one throws, then throws the first error', () => {
    const ts = triggers(3);
    const f = joinAll(ts);
    f.poll(cx);
    ts[1]!.reject(new Error('second'));
    ts[2]!.reject(new Error('third'));
    expect(f.poll(cx)).to.equal(Poll.PENDING);
    expect(ts[0]!.disposals).to.equal(0);
    ts[0]!.resolve(0);
    expect(() => f.poll(cx)).to.throw('second');
  });

  it('throws the error of the lowest failing child, whatever order the errors came in', () => {
    const ts = triggers(4);
    const f = joinAll(ts);
    f.poll(cx);
    ts[3]!.reject(new Error('fourth'));
    expect(f.poll(cx)).to.equal(Poll.PENDING);
    ts[2]!.reject(new Error('third')); // woken before the lower one: polled first in the next poll
    ts[1]!.reject(new Error('second'));
    expect(f.poll(cx)).to.equal(Poll.PENDING);
    ts[0]!.resolve(0);
    expect(() => f.poll(cx)).to.throw('second');
  });
});

describe('tryJoinAll', () => {
  it('first error wins and the rest are disposed', () => {
    const ts = triggers(3);
    const f = tryJoinAll(ts);
    f.poll(cx);
    ts[1]!.reject(new Error('boom'));
    expect(() => f.poll(cx)).to.throw('boom');
    expect(ts.map((t) => t.disposals)).to.deep.equal([1, 0, 1]);
  });

  it('resolves to all values in order when none fails', () => {
    const f = tryJoinAll([ready(1), ready(2)]);
    expect(f.poll(cx)).to.deep.equal(Poll.ready([1, 2]));
  });
});

describe('join', () => {
  it('is typed as a tuple of the outputs', () => {
    const f = join(ready(1), ready('two'), ready([3] as const));
    const p = f.poll(cx);
    if (!Poll.isReady(p)) throw new Error('expected Ready');
    const [a, b, c]: [number, string, readonly [3]] = p.value;
    expect([a, b, c]).to.deep.equal([1, 'two', [3]]);
  });
});
