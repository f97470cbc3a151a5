import { expect } from 'chai';
import { Context, PENDING, POLL_JOINED, Waker, joinAll, type JoinSlot } from '@ferrite/future';
import { Reactor, sleep } from '../src/index.js';
import { block } from './util/index.js';

// A Sleep speaks the join protocol: joined, its timer tells the join, with no context per sleep.
describe('sleep in the join protocol', () => {
  it('joinAll of many sleeps completes, each no earlier than its delay', () => {
    using reactor = new Reactor();
    const t0 = performance.now();
    const done: number[] = [];
    block(reactor, joinAll(Array.from({ length: 300 }, (_, i) => {
      const ms = i % 15;
      const s = sleep(ms);
      return { poll: (cx: Context) => s.poll(cx), [POLL_JOINED]: (j: JoinSlot, k: number) => {
        const p = s[POLL_JOINED](j, k);
        if (p !== PENDING) done.push(performance.now() - t0 - ms);
        return p;
      } };
    })));
    expect(done).to.have.length(300);
    expect(Math.min(...done)).to.be.at.least(0);
  });

  it('the fire goes to whoever polled last: a join slot, then a waker', () => {
    using reactor = new Reactor();
    const marked: number[] = [];
    let woken = 0;
    const s = sleep(5);
    reactor.enter(() => {
      expect(s[POLL_JOINED]({ markReady: (i) => marked.push(i) }, 7)).to.equal(PENDING);
      expect(s.poll(new Context(Waker.from(() => woken++)))).to.equal(PENDING);
    });
    const deadline = performance.now() + 1000;
    while (woken === 0 && performance.now() < deadline) reactor.turn(50);
    expect([woken, marked]).to.deep.equal([1, []]);
    expect(s[POLL_JOINED]({ markReady: () => {} }, 0)).to.deep.equal({ value: undefined });
    expect(() => s.poll(Context.noop())).to.throw().with.property('code', 'ERR_POLLED_AFTER_COMPLETION');
  });
});
