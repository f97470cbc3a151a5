import { expect } from 'chai';
import { Context, Poll, Waker } from '@ferrite/future';
import { WOULD_BLOCK, net } from '@ferrite/epoll';
import { Reactor } from '../src/index.js';
import { bytes } from './util/index.js';

const pair = () => net.tcpPair();

describe('Registration: readiness to wakes', () => {
  it('stores the latest waker per direction and wakes it on the next edge', () => {
    using reactor = new Reactor();
    const [a, b] = pair();
    const reg = reactor.register(b);
    let first = 0;
    let second = 0;
    const cx1 = new Context(Waker.from(() => first++));
    const cx2 = new Context(Waker.from(() => second++));
    expect(reg.pollReadReady(cx1)).to.deep.equal(Poll.ready(undefined)); // optimistic at first
    expect(b.read(new Uint8Array(8))).to.equal(WOULD_BLOCK);
    reg.clearReadReady();
    expect(reg.pollReadReady(cx1)).to.equal(Poll.PENDING);
    expect(reg.pollReadReady(cx2)).to.equal(Poll.PENDING);
    expect(reg.waiting).to.equal(true);
    expect(reactor.isIdle()).to.equal(false);
    a.write(bytes('x'));
    expect(reactor.turn(1000)).to.be.at.least(1);
    expect([first, second]).to.deep.equal([0, 1]);
    expect(reactor.isIdle(), 'the woken waiter no longer counts').to.equal(true);
    expect(reg.pollReadReady(cx2)).to.deep.equal(Poll.ready(undefined));
    reg.clearWriteReady();
    expect(reg.pollWriteReady(cx1)).to.equal(Poll.PENDING);
    expect(reg.pollWriteReady(cx1)).to.equal(Poll.PENDING);
    expect(reactor.isIdle()).to.equal(false);
    reg.deregister();
    reg.deregister();
    expect(reactor.registrations).to.equal(0);
    expect(reactor.isIdle(), 'a deregistered waiter no longer counts').to.equal(true);
    a.close();
    b.close();
  });

  it('a peer hang-up makes both directions ready, so the next syscall reports it', () => {
    using reactor = new Reactor();
    const [a, b] = pair();
    const reg = reactor.register(b);
    reg.clearReadReady();
    reg.clearWriteReady();
    let woken = 0;
    const cx = new Context(Waker.from(() => woken++));
    reg.pollReadReady(cx);
    a.close();
    reactor.turn(1000);
    expect(woken).to.equal(1);
    expect(reg.pollReadReady(cx)).to.not.equal(Poll.PENDING);
    expect(b.read(new Uint8Array(4))).to.equal(0);
    reg.deregister();
    b.close();
  });

  it('an idle reactor with a registration nobody waits on is idle; close() is idempotent', () => {
    const reactor = new Reactor();
    const [a, b] = pair();
    reactor.register(b);
    expect(reactor.isIdle()).to.equal(true);
    reactor.close();
    reactor.close();
    expect(() => reactor.register(a)).to.throw().with.property('code', 'ERR_CLOSED');
    a.close();
    b.close();
  });
});

describe('idle watches and weak timers', () => {
  it('watchIdle wakes on the next event but does not make the reactor busy', () => {
    using reactor = new Reactor();
    const [a, b] = net.tcpPair();
    const reg = reactor.register(b);
    let woken = 0;
    reg.watchIdle(Waker.from(() => woken++));
    expect(reactor.isIdle()).to.equal(true);
    a.close(); // the peer goes away while we sit idle
    reactor.turn(1000);
    expect(woken).to.equal(1);
    reactor.turn(0);
    expect(woken).to.equal(1); // once
    reg.deregister();
    b.close();
  });

});
