import { expect } from 'chai';
import { Context, Poll, Waker } from '@ferrite/future';
import { Reactor, sleep, sleepUntil } from '../src/index.js';
import { block } from './util/index.js';

/** Turns `reactor` until `done()` or `ms` pass. */
function turnUntil(reactor: Reactor, done: () => boolean, ms = 2000): void {
  const t0 = performance.now();
  while (!done() && performance.now() - t0 < ms) reactor.turn(50);
}

describe('sleepUntil(deadline, { weak, reactor }): the public deadline primitive', () => {
  it('completes at an absolute performance.now() deadline', () => {
    using reactor = new Reactor();
    const at = performance.now() + 30;
    block(reactor, sleepUntil(at));
    expect(performance.now()).to.be.at.least(at);
    expect(reactor.timers).to.equal(0);
  });

  it('weak: armed with any Context, it leaves the reactor idle (a blockOn would report a deadlock)', () => {
    using reactor = new Reactor();
    const t = sleepUntil(performance.now() + 10_000, { weak: true, reactor });
    expect(t.poll(Context.noop())).to.equal(Poll.PENDING);
    expect(reactor.timers).to.equal(1);
    expect(reactor.isIdle()).to.equal(true);
    t[Symbol.dispose]();
  });

  it('a strong one (the default) makes the reactor busy', () => {
    using reactor = new Reactor();
    const t = sleepUntil(performance.now() + 10_000, { reactor });
    t.poll(Context.noop());
    expect(reactor.isIdle()).to.equal(false);
    t[Symbol.dispose]();
    expect(reactor.isIdle()).to.equal(true);
  });

  it('weak: fires when the reactor runs anyway, waking the waker it was polled with', () => {
    using reactor = new Reactor();
    let woken = 0;
    const t = sleepUntil(performance.now() + 10, { weak: true, reactor });
    t.poll(new Context(Waker.from(() => woken++)));
    turnUntil(reactor, () => woken > 0);
    expect(woken).to.equal(1);
    expect(reactor.timers).to.equal(0);
    expect(t.poll(Context.noop())).to.deep.equal(Poll.ready(undefined));
  });

  it('dispose cancels: no timer left, the waker never runs, even past the deadline', () => {
    using reactor = new Reactor();
    let woken = 0;
    const t = sleepUntil(performance.now() + 5, { weak: true, reactor });
    t.poll(new Context(Waker.from(() => woken++)));
    t[Symbol.dispose]();
    expect(reactor.timers).to.equal(0);
    const t0 = performance.now();
    block(reactor, sleep(30)); // the reactor runs past the cancelled deadline
    expect(performance.now() - t0).to.be.at.least(25);
    expect(woken).to.equal(0);
    expect(reactor.timers).to.equal(0);
  });

  it('{ reactor } arms it there without entering any reactor; without it, the current one at the first poll', () => {
    using a = new Reactor();
    using b = new Reactor();
    sleepUntil(performance.now() + 10_000, { weak: true, reactor: a }).poll(Context.noop());
    expect([a.timers, b.timers]).to.deep.equal([1, 0]);
    const t = sleepUntil(performance.now() + 10_000);
    b.enter(() => t.poll(Context.noop()));
    expect([a.timers, b.timers]).to.deep.equal([1, 1]);
    expect(() => sleepUntil(0).poll(Context.noop())).to.throw().with.property('code', 'ERR_NO_REACTOR');
    t[Symbol.dispose]();
  });

  it('a deadline already past fires at the next turn; a later poll replaces the waker', () => {
    using reactor = new Reactor();
    const log: string[] = [];
    const t = sleepUntil(performance.now() - 1, { reactor });
    expect(t.poll(new Context(Waker.from(() => log.push('first'))))).to.equal(Poll.PENDING);
    t.poll(new Context(Waker.from(() => log.push('second'))));
    reactor.turn(0);
    expect(log).to.deep.equal(['second']);
  });

  it('on a closed reactor the first poll is ERR_CLOSED, not a timer that never fires', () => {
    const reactor = new Reactor();
    reactor.close();
    expect(() => sleepUntil(0, { reactor }).poll(Context.noop())).to.throw().with.property('code', 'ERR_CLOSED');
  });
});
