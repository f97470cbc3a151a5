import { expect } from 'chai';
import { Context, PENDING, POLL_JOINED, Poll, Waker, dispose, joinAll, ready, tryJoinAll, type JoinSlot, type Joinable } from '../src/index.js';
import { Handing } from './util/handing.js';

// Children of the join protocol that hand their values over (JoinSlot.markDone), beside others.

/** A child of the join protocol that throws when polled again after its markReady. */
function failing(): Joinable<string> & { slot: [JoinSlot, number] | null } {
  return {
    slot: null,
    poll: () => PENDING,
    [POLL_JOINED](join, index) {
      if (this.slot !== null) throw new Error('boom');
      this.slot = [join, index];
      return PENDING;
    },
  };
}

describe('the join protocol: a child hands its value over (JoinSlot.markDone)', () => {
  it('joinAll takes the value in the child\'s place and wakes only once the last child is done', () => {
    let wakes = 0;
    const cx = new Context(Waker.from(() => wakes++));
    const children = [new Handing('a'), new Handing('b'), new Handing('c')];
    const j = joinAll<string>([children[0]!, ready('plain'), children[1]!, children[2]!]);
    expect(j.poll(cx)).to.equal(PENDING);
    children[2]!.finish();
    children[0]!.finish();
    expect(wakes).to.equal(0); // b still runs: nothing to do for the join yet
    children[1]!.finish();
    expect(wakes).to.equal(1);
    const p = j.poll(cx);
    expect(Poll.isReady(p) && p.value).to.deep.equal(['a', 'plain', 'b', 'c']);
    expect(children.map((c) => c.polls)).to.deep.equal([1, 1, 1]);
  });

  it('the join offers markDone to every child it polls by the protocol', () => {
    const child = new Handing('x');
    joinAll([child]).poll(new Context(Waker.noop()));
    expect(child.slot![0].markDone).to.be.a('function');
  });

  it('an error still goes through markReady and the next poll; values handed over meanwhile are kept', () => {
    const cx = new Context(Waker.noop());
    const ok = new Handing('ok');
    const bad = failing();
    const j = joinAll<string>([ok, bad]);
    expect(j.poll(cx)).to.equal(PENDING);
    ok.finish();
    bad.slot![0].markReady(bad.slot![1]);
    expect(() => j.poll(cx)).to.throw('boom');
  });

  it('tryJoinAll: a value handed over stops nothing; the first error disposes the children still running', () => {
    const cx = new Context(Waker.noop());
    const a = new Handing('a');
    const bad = failing();
    let disposed = 0;
    const c = Object.assign(new Handing('c'), { [Symbol.dispose]: () => void disposed++ });
    const j = tryJoinAll<string>([a, bad, c]);
    j.poll(cx);
    a.finish();
    expect(j.poll(cx)).to.equal(PENDING);
    bad.slot![0].markReady(bad.slot![1]);
    expect(() => j.poll(cx)).to.throw('boom');
    expect(disposed).to.equal(1);
  });

  it('a markDone after the join was disposed, or twice for one child, changes nothing', () => {
    let wakes = 0;
    const cx = new Context(Waker.from(() => wakes++));
    const a = new Handing('a');
    const b = new Handing('b');
    const j = joinAll<string>([a, b]);
    j.poll(cx);
    a.finish();
    a.finish(); // the second must not count as b
    expect(wakes).to.equal(0);
    dispose(j);
    b.finish();
    expect(wakes).to.equal(0);
  });
});
