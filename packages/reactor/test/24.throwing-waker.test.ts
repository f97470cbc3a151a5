import { expect } from 'chai';
import { net } from '@ferrite/epoll';
import { Context, Poll, Waker } from '@ferrite/future';
import { Reactor, sleepUntil } from '../src/index.js';
import { bytes } from './util/index.js';

describe('a waker that throws', () => {
  it('costs no other source its event: turn() dispatches everything, then rethrows the first error', () => {
    using reactor = new Reactor();
    const pairs = [net.tcpPair(), net.tcpPair(), net.tcpPair()];
    const woken: number[] = [];
    const regs = pairs.map(([, b], i) => {
      const reg = reactor.register(b);
      reg.clearReadReady();
      reg.pollReadReady(new Context(Waker.from(() => {
        woken.push(i);
        throw new Error(`waker ${i} failed`);
      })));
      return reg;
    });
    let timerFired = 0;
    sleepUntil(performance.now() - 1, { reactor }).poll(new Context(Waker.from(() => {
      timerFired++;
      throw new Error('timer waker failed');
    })));
    sleepUntil(performance.now() - 1, { reactor }).poll(new Context(Waker.from(() => timerFired++)));
    for (const [a] of pairs) a.write(bytes('x'));
    let thrown: unknown;
    const t0 = performance.now();
    while (woken.length < 3 && performance.now() - t0 < 2000) {
      try {
        reactor.turn(100);
      } catch (err) {
        thrown ??= err;
      }
    }
    expect(woken.sort()).to.deep.equal([0, 1, 2]);
    expect(timerFired).to.equal(2);
    expect((thrown as Error).message).to.match(/failed/);
    for (const r of regs) expect(r.pollReadReady(Context.noop()), 'readiness was recorded').to.deep.equal(Poll.ready(undefined));
    expect(reactor.isIdle()).to.equal(true);
    expect(reactor.timers).to.equal(0);
    for (const r of regs) r.deregister();
    for (const [a, b] of pairs) {
      a.close();
      b.close();
    }
  });
});
