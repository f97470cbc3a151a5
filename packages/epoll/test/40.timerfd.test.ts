import { expect } from 'chai';
import { Events, Interest, Poll, TimerFd, WOULD_BLOCK } from '../src/index.js';
import { expectCode, pollTokens } from './util/index.js';

describe('TimerFd', () => {
  it('becomes readable after the time set, once', () => {
    using poll = new Poll();
    const events = new Events(4);
    using timer = new TimerFd();
    poll.registry().register(timer, 3, Interest.READABLE);
    expect(timer.read()).to.equal(WOULD_BLOCK);
    const t0 = performance.now();
    timer.set(30);
    expect(pollTokens(poll, events, 2000)).to.deep.equal([3]);
    expect(performance.now() - t0).to.be.at.least(29);
    expect(timer.read()).to.equal(1);
    expect(timer.read()).to.equal(WOULD_BLOCK);
  });

  it('set(0) fires at once and clear() disarms', () => {
    using poll = new Poll();
    const events = new Events(4);
    using timer = new TimerFd();
    poll.registry().register(timer, 3, Interest.READABLE);
    timer.set(0);
    expect(pollTokens(poll, events, 1000)).to.deep.equal([3]);
    timer.read();
    timer.set(20);
    timer.clear();
    expect(pollTokens(poll, events, 60)).to.deep.equal([]);
  });

  it('rejects bad delays and use after close', () => {
    const timer = new TimerFd();
    for (const ms of [-1, NaN, Infinity]) expectCode(() => timer.set(ms), 'ERR_INVALID_ARG_VALUE');
    timer.close();
    expectCode(() => timer.set(1), 'ERR_CLOSED');
  });
});
