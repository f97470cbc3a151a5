import { expect } from 'chai';
import { Events, Poll } from '../src/index.js';

describe('poll timeouts', () => {
  it('returns 0 events after about the timeout', () => {
    using poll = new Poll();
    const events = new Events(4);
    const t0 = performance.now();
    expect(poll.poll(events, 50)).to.equal(0);
    const elapsed = performance.now() - t0;
    expect(elapsed).to.be.at.least(49);
    expect(elapsed).to.be.below(1000);
    expect(events.length).to.equal(0);
  });

  it('rounds a sub-millisecond timeout up, never down to a busy 0', () => {
    using poll = new Poll();
    const events = new Events(4);
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) poll.poll(events, 0.2);
    // Each call waits at least 1 ms (0.2 rounded up), so five take at least ~5 ms.
    expect(performance.now() - t0).to.be.at.least(4.5);
  });

  it('timeout 0 returns at once', () => {
    using poll = new Poll();
    const events = new Events(4);
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) poll.poll(events, 0);
    expect(performance.now() - t0).to.be.below(500);
  });
});
