import { expect } from 'chai';
import { Context, PENDING, Poll, Waker, dispose, join, joinAll, ready, tryJoinAll, type Future } from '../src/index.js';
import { Handing } from './util/handing.js';

// Review of JoinSlot.markDone (a join-protocol child hands its value over): joins of mixed
// children, values arriving in reverse, a wake racing a value, a value arriving during the join's
// own poll or after it ended. Values in child order, one wake when the last child is done.

/** A plain future: pending at its first poll, then `then()` at the next. */
function twoStep<T>(then: () => T): Future<T> & { wake: () => void } {
  let waker: Waker | null = null;
  let polls = 0;
  return {
    poll(cx: Context) {
      if (polls++ === 0) {
        waker = cx.waker;
        return PENDING;
      }
      return Poll.ready(then());
    },
    wake: () => waker!.wake(),
  };
}

const counter = () => {
  const c = { wakes: 0, cx: null as unknown as Context };
  c.cx = new Context(Waker.from(() => c.wakes++));
  return c;
};

describe('review: JoinSlot.markDone', () => {
  it('1,025 children done in reverse order beside plain ones: values in child order, one wake', () => {
    const c = counter();
    const n = 1025;
    const handing = Array.from({ length: n }, (_, i) => new Handing(i));
    const j = joinAll<unknown>([ready('first'), ...handing, ready('last')]);
    expect(j.poll(c.cx)).to.equal(PENDING);
    for (let i = n - 1; i > 0; i--) handing[i]!.finish();
    expect(c.wakes).to.equal(0);
    handing[0]!.finish();
    expect(c.wakes).to.equal(1);
    const p = j.poll(c.cx);
    expect(Poll.isReady(p) && p.value).to.deep.equal(['first', ...Array.from({ length: n }, (_, i) => i), 'last']);
    expect(handing.every((h) => h.polls === 1)).to.equal(true);
  });

  it('a child that woke (markReady) and then handed its value over is not polled again; its value is kept', () => {
    const c = counter();
    const a = new Handing('a');
    const b = new Handing('b');
    const j = join(a, b);
    j.poll(c.cx);
    a.wakeOnly(); // a spurious wake: the join will look at a at its next poll
    a.finish(); // ... but a hands its value over first
    expect(j.poll(c.cx)).to.equal(PENDING);
    b.finish();
    const p = j.poll(c.cx);
    expect(Poll.isReady(p) && p.value).to.deep.equal(['a', 'b']);
    expect([a.polls, b.polls]).to.deep.equal([1, 1]);
  });

  it('a value handed over during the join\'s own poll (by a sibling being polled) is counted once', () => {
    const c = counter();
    const h = new Handing('h');
    const p0 = twoStep(() => {
      h.finish(); // finishes its sibling from inside the join's poll
      return 'p';
    });
    const j = joinAll<string>([p0, h]);
    expect(j.poll(c.cx)).to.equal(PENDING);
    p0.wake();
    const p = j.poll(c.cx);
    expect(Poll.isReady(p) && p.value).to.deep.equal(['p', 'h']);
  });

  it('joinAll: an error at the first poll and values handed over later: throws once the last value is in, one wake for it', () => {
    const c = counter();
    const a = new Handing('a');
    const b = new Handing('b');
    const bad: Future<string> = { poll: () => { throw new Error('at once'); } };
    const j = joinAll<string>([a, bad, b]);
    expect(j.poll(c.cx)).to.equal(PENDING); // joinAll lets the others finish
    b.finish();
    expect(c.wakes).to.equal(0);
    a.finish();
    expect(c.wakes).to.equal(1);
    expect(() => j.poll(c.cx)).to.throw('at once');
  });

  it('tryJoinAll: values handed over after the join threw (or was dropped) change nothing and wake nobody', () => {
    const c = counter();
    const a = new Handing('a');
    const late = new Handing('late');
    let disposed = 0;
    const bad = twoStep<string>(() => {
      throw new Error('second poll fails');
    });
    const j = tryJoinAll<string>([a, bad, Object.assign(late, { [Symbol.dispose]: () => void disposed++ })]);
    j.poll(c.cx);
    a.finish();
    bad.wake();
    const wakes = c.wakes;
    expect(() => j.poll(c.cx)).to.throw('second poll fails');
    expect(disposed).to.equal(1);
    late.finish();
    expect(c.wakes).to.equal(wakes);
  });

  it('a join dropped while children wait: each child disposed once; their later values are ignored', () => {
    const c = counter();
    const disposed: string[] = [];
    const kids = ['x', 'y', 'z'].map((v) => Object.assign(new Handing(v), { [Symbol.dispose]: () => void disposed.push(v) }));
    const j = joinAll<string>(kids);
    j.poll(c.cx);
    kids[1]!.finish();
    dispose(j);
    expect(disposed).to.deep.equal(['x', 'z']);
    kids[0]!.finish();
    kids[2]!.finish();
    expect(c.wakes).to.equal(0);
  });
});
