import { expect } from 'chai';
import { Context, Poll, Waker } from '@ferrite/future';
import { net } from '@ferrite/epoll';
import { Reactor, Waiter } from '../src/index.js';
import { child } from './util/child.js';
import { bytes, fdCount } from './util/index.js';

// A registration is its own waiters' owner and makes its write list and its poll-form waiters at
// first use: a connection that only reads carries no write-side state.
describe('Registration: write-side state made at first use', () => {
  it('a first write wait after reads joins, counts, is woken; deregister wakes both directions', () => {
    const fds = fdCount();
    const [a, b] = net.tcpPair();
    {
      using reactor = new Reactor();
      const reg = reactor.register(b);
      const woken: string[] = [];
      const cx = (name: string) => new Context(Waker.from(() => woken.push(name)));
      reg.clearReadReady();
      expect(reg.pollReadReady(cx('read'))).to.equal(Poll.PENDING);
      a.write(bytes('x'));
      reactor.turn(1000);
      expect([woken, reactor.isIdle()]).to.deep.equal([['read'], true]);
      reg.clearWriteReady();
      expect(reg.pollWriteReady(cx('write'))).to.equal(Poll.PENDING);
      expect([reg.waiting, reactor.isIdle()], 'the new write list counts').to.deep.equal([true, false]);
      reg.dispatch(false, true);
      expect([woken, reg.waiting, reactor.isIdle()]).to.deep.equal([['read', 'write'], false, true]);
      reg.clearReadReady();
      reg.clearWriteReady();
      const own = new Waiter();
      expect(reg.pollWriteReady(cx('own'), own)).to.equal(Poll.PENDING);
      expect(reg.pollReadReady(cx('read2'))).to.equal(Poll.PENDING);
      own.remove();
      expect(reactor.isIdle(), 'the reader still counts').to.equal(false);
      reg.deregister();
      expect([woken, reactor.isIdle()]).to.deep.equal([['read', 'write', 'read2'], true]);
    }
    a.close();
    b.close();
    expect(fdCount()).to.equal(fds);
  });

  it('a registration costs under 560 heap bytes (it was ~740 with an owner closure and eager write state)', () => {
    // Measured in a fresh process: 5,000 registrations of one end of a socket pair each, the
    // reactor's map and the array holding them included (~400 B each now).
    const r = child(`
      const { net } = await import('@ferrite/epoll');
      const N = 5000;
      const reactor = new R.Reactor();
      const pairs = Array.from({ length: N }, () => net.tcpPair());
      const regs = new Array(N).fill(null);
      const heap = () => { for (let i = 0; i < 4; i++) gc(); return process.memoryUsage().heapUsed; };
      const h0 = heap();
      pairs.forEach(([, b], i) => { regs[i] = reactor.register(b); });
      const perReg = (heap() - h0) / N;
      for (const reg of regs) reg.deregister();
      for (const [a, b] of pairs) { a.close(); b.close(); }
      reactor.close();
      console.log(JSON.stringify({ perReg }));
    `);
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout).perReg).to.be.below(560);
  });
});
