import { expect } from 'chai';
import { TimerFd } from '@ferrite/epoll';
import { Context, PENDING, Poll, Waker, dispose } from '@ferrite/future';
import { Reactor, sleepUntil } from '../src/index.js';
import { fdCount } from './util/index.js';

// The timerfd is re-armed only for an earlier deadline: a cancelled earliest timer leaves it to
// fire early, and that spurious expiry re-arms for the real earliest without firing anything.

/** Records every timerfd_settime the reactor asks for (`set` ms, or 'clear'). */
function spyTimerFd(): { calls: (number | 'clear')[]; restore(): void } {
  const { set, clear } = TimerFd.prototype;
  const calls: (number | 'clear')[] = [];
  TimerFd.prototype.set = function (this: TimerFd, ms: number) {
    calls.push(ms);
    return set.call(this, ms);
  };
  TimerFd.prototype.clear = function (this: TimerFd) {
    calls.push('clear');
    return clear.call(this);
  };
  return { calls, restore: () => void Object.assign(TimerFd.prototype, { set, clear }) };
}

const cxOf = (fn: () => void) => new Context(Waker.from(fn));

describe('timerfd re-arming: only for an earlier deadline', () => {
  let spy: ReturnType<typeof spyTimerFd>;
  let fds: number;
  beforeEach(() => {
    fds = fdCount();
    spy = spyTimerFd();
  });
  afterEach(() => {
    spy.restore();
    expect(fdCount(), 'no fd left after close').to.equal(fds);
  });

  it('a later sleep and the cancelled earliest one cost no settime; all cancelled: idle, not cleared', () => {
    using reactor = new Reactor();
    const early = sleepUntil(performance.now() + 5_000, { reactor });
    const late = sleepUntil(performance.now() + 9_000, { reactor });
    expect(early.poll(Context.noop())).to.equal(PENDING);
    reactor.turn(0);
    expect(spy.calls).to.have.length(1);
    expect(late.poll(Context.noop())).to.equal(PENDING);
    reactor.turn(0);
    dispose(early);
    reactor.turn(0);
    expect(spy.calls, 'neither the later sleep nor the cancellation re-armed').to.have.length(1);
    dispose(late);
    reactor.turn(0);
    expect(spy.calls, 'nothing left: the timerfd is left to fire once').to.have.length(1);
    expect([reactor.timers, reactor.isIdle()]).to.deep.equal([0, true]);
  });

  it('a new deadline earlier than the armed one re-arms at once', () => {
    using reactor = new Reactor();
    const late = sleepUntil(performance.now() + 9_000, { reactor });
    late.poll(Context.noop());
    const soon = sleepUntil(performance.now() + 1_000, { reactor });
    soon.poll(Context.noop());
    expect(spy.calls).to.have.length(2);
    expect(spy.calls[1]).to.be.below(spy.calls[0] as number);
    dispose(late);
    dispose(soon);
  });

  it('the early expiry of a cancelled earliest timer fires nothing and re-arms for the real earliest', () => {
    using reactor = new Reactor();
    const woken: string[] = [];
    const cancelled = sleepUntil(performance.now() + 5, { reactor });
    cancelled.poll(cxOf(() => woken.push('cancelled')));
    const deadline = performance.now() + 60_000;
    const pending = sleepUntil(deadline, { reactor });
    pending.poll(cxOf(() => woken.push('pending')));
    dispose(cancelled);
    // Only the timerfd can end this wait: it fires for the cancelled deadline.
    expect(reactor.turn(null)).to.equal(0);
    expect(woken).to.deep.equal([]);
    expect(reactor.timers).to.equal(1);
    expect(spy.calls).to.have.length(2);
    const rearmed = spy.calls[1] as number;
    expect(rearmed).to.be.above(0).and.at.most(60_000);
    dispose(pending);
  });

  it('a sleep behind a cancelled earlier one fires once, never before its deadline', () => {
    using reactor = new Reactor();
    const fired: number[] = [];
    const cancelled = sleepUntil(performance.now() + 2, { reactor });
    cancelled.poll(Context.noop());
    const deadline = performance.now() + 30;
    const s = sleepUntil(deadline, { reactor });
    s.poll(cxOf(() => fired.push(performance.now())));
    dispose(cancelled);
    for (let i = 0; i < 10_000 && fired.length === 0; i++) reactor.turn(null);
    expect(fired).to.have.length(1);
    expect(fired[0]).to.be.at.least(deadline);
    expect(Poll.isReady(s.poll(Context.noop()))).to.equal(true);
    expect([reactor.timers, reactor.isIdle()]).to.deep.equal([0, true]);
  });
});
