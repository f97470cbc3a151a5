import { expect } from 'chai';
import { Context, Waker } from '@ferrite/future';
import { Interest, net } from '@ferrite/epoll';
import { Reactor, sleep } from '../src/index.js';
import { fdCount } from './util/index.js';

// A turn reads the clock only when a timer could be due: a socket-only workload turns once per
// event, and performance.now() was ~1,100 instructions of each ping-pong round trip.
describe('turn() and the clock', () => {
  const counting = () => {
    const now = performance.now;
    const calls = { n: 0 };
    performance.now = function (this: typeof performance) {
      calls.n++;
      return now.call(this);
    };
    return { calls, restore: () => void (performance.now = now) };
  };

  it('with no timer a turn does not read the clock; with one it does, and a due timer fires', () => {
    const fds = fdCount();
    {
      using reactor = new Reactor();
      const [a, b] = net.tcpPair();
      using _a = a;
      using _b = b;
      const reg = reactor.register(b, Interest.READABLE);
      let woken = 0;
      reg.clearReadReady();
      reg.pollReadReady(new Context(Waker.from(() => woken++)));
      a.write(Uint8Array.of(1));
      const { calls, restore } = counting();
      try {
        expect(reactor.turn(1000)).to.equal(1);
        expect([woken, calls.n]).to.deep.equal([1, 0]);
      } finally {
        restore();
      }
      let fired = 0;
      const s = sleep(0);
      reactor.enter(() => s.poll(new Context(Waker.from(() => fired++))));
      const c = counting();
      try {
        for (let i = 0; i < 100 && fired === 0; i++) reactor.turn(10);
        expect(fired).to.equal(1);
        expect(c.calls.n).to.be.greaterThan(0);
      } finally {
        c.restore();
      }
      expect(reactor.timers).to.equal(0);
      reg.deregister();
    }
    expect(fdCount()).to.equal(fds);
  });
});
