import { expect } from 'chai';
import { net } from '@ferrite/epoll';
import { Context, Waker } from '@ferrite/future';
import { Reactor, sleep, sleepUntil } from '../src/index.js';
import { wrapStream } from '../src/net/tcp-stream.js';
import { bytes, fdCount } from './util/index.js';

describe('closing a reactor under its users', () => {
  it('close() from a waker during turn() takes effect when the turn ends; nothing throws, no fd stays', () => {
    const before = fdCount();
    const reactor = new Reactor();
    const [a, b] = net.tcpPair();
    const reg = reactor.register(b);
    reg.clearReadReady();
    reg.pollReadReady(new Context(Waker.from(() => reactor.close())));
    // A second waiter on a timer that is due in the same turn: dispatch stops after the close.
    let timerWoken = 0;
    sleepUntil(performance.now() - 1, { reactor }).poll(new Context(Waker.from(() => timerWoken++)));
    a.write(bytes('x'));
    expect(() => reactor.turn(1000)).not.to.throw();
    expect(reactor.closed).to.equal(true);
    expect(() => reactor.turn(0)).to.throw().with.property('code', 'ERR_CLOSED');
    a.close();
    b.close();
    expect(fdCount()).to.equal(before);
    expect(timerWoken).to.equal(0);
  });

  it('waiting on a socket or a timer of a closed reactor throws ERR_CLOSED instead of pending forever', () => {
    const reactor = new Reactor();
    const [a, b] = net.tcpPair();
    const stream = reactor.enter(() => wrapStream(b));
    const s = sleep(10_000);
    const cx = Context.noop();
    reactor.enter(() => s.poll(cx));
    reactor.close();
    expect(() => s.poll(cx)).to.throw().with.property('code', 'ERR_CLOSED');
    const read = stream.read(new Uint8Array(4));
    expect(() => read.poll(cx)).to.throw().with.property('code', 'ERR_CLOSED');
    stream.close();
    a.close();
  });
});
