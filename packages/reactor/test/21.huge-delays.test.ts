import { expect } from 'chai';
import { TimerFd } from '@ferrite/epoll';
import { Context, Poll, coroutine, dispose, wait } from '@ferrite/future';
import { Reactor, interval, sleep, timeout } from '../src/index.js';
import { block } from './util/index.js';

const HUGE = [Number.MAX_VALUE, 1e300, 2 ** 60, Number.MAX_SAFE_INTEGER + 1];
const MAX_ARM_MS = 0x7fff_ffff;

/**
 * Makes TimerFd.set as strict as the native binding once was (EINVAL for a delay the kernel's
 * timespec cannot hold, here anything past MAX_ARM_MS) and records what the reactor armed: the
 * reactor must be right on its own, whatever the binding does with huge values.
 */
function strictTimerFd(): { armed: number[]; restore(): void } {
  const original = TimerFd.prototype.set;
  const armed: number[] = [];
  TimerFd.prototype.set = function (this: TimerFd, ms: number) {
    armed.push(ms);
    if (!(ms <= MAX_ARM_MS)) throw Object.assign(new Error('timerfd_settime EINVAL'), { code: 'EINVAL' });
    return original.call(this, ms);
  };
  return { armed, restore: () => void (TimerFd.prototype.set = original) };
}

describe('huge delays: a deadline past 2^53 ms never comes, and never poisons the reactor', () => {
  let strict: ReturnType<typeof strictTimerFd>;
  beforeEach(() => (strict = strictTimerFd()));
  afterEach(() => strict.restore());

  for (const ms of HUGE) {
    it(`sleep(${ms}): pending, never firing, not busy, cancellable; later timers still work`, () => {
      using reactor = new Reactor();
      const s = sleep(ms);
      expect(reactor.enter(() => s.poll(Context.noop()))).to.equal(Poll.PENDING);
      expect(reactor.timers).to.equal(1);
      expect(reactor.isIdle(), 'a timer that never fires cannot wake a task').to.equal(true);
      reactor.turn(0);
      dispose(s);
      expect(reactor.timers).to.equal(0);
      const t0 = performance.now();
      block(reactor, sleep(10));
      expect(performance.now() - t0).to.be.at.least(10);
    });
  }

  it('timeout(f, Number.MAX_VALUE) is f; the reactor keeps working afterwards', () => {
    using reactor = new Reactor();
    for (let i = 0; i < 3; i++) {
      expect(block(reactor, timeout(coroutine(function* () {
        yield* wait(sleep(2));
        return i;
      })(), Number.MAX_VALUE))).to.equal(i);
    }
    expect(reactor.timers).to.equal(0);
  });

  it('interval(1e300).tick() never ticks and is not busy', () => {
    using reactor = new Reactor();
    const tick = interval(1e300).tick();
    reactor.enter(() => tick.poll(Context.noop()));
    expect(reactor.isIdle()).to.equal(true);
    dispose(tick);
    expect(reactor.timers).to.equal(0);
  });

  it('a far but representable deadline (2^40 ms) is a real timer, armed at most 2^31-1 ms ahead', () => {
    using reactor = new Reactor();
    const s = sleep(2 ** 40);
    reactor.enter(() => s.poll(Context.noop()));
    expect(reactor.isIdle(), 'it can fire one day: blockOn must wait for it').to.equal(false);
    reactor.turn(0);
    dispose(s);
    expect(strict.armed.length).to.be.at.least(1);
    expect(Math.max(...strict.armed)).to.be.at.most(MAX_ARM_MS);
  });

  it('if arming the timerfd fails, turn() does not throw and timers still fire on time', () => {
    using reactor = new Reactor();
    strict.restore();
    const original = TimerFd.prototype.set;
    let failures = 0;
    TimerFd.prototype.set = function () {
      failures++;
      throw Object.assign(new Error('injected'), { code: 'EINVAL' });
    };
    try {
      const t0 = performance.now();
      block(reactor, sleep(30)); // the wait falls back to epoll_wait's timeout
      expect(performance.now() - t0).to.be.at.least(30);
      expect(failures).to.be.at.least(1);
    } finally {
      TimerFd.prototype.set = original;
    }
    const t1 = performance.now();
    block(reactor, sleep(10)); // and arms normally again
    expect(performance.now() - t1).to.be.at.least(10);
    expect(reactor.timers).to.equal(0);
  });
});
