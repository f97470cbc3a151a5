import { writeSync } from 'node:fs';
import { expect } from 'chai';
import { Events, Poll, Waker } from '../src/index.js';
import { pollTokens } from './util/index.js';
import { epollWorker, watchdog } from './util/worker.js';

describe('Waker', () => {
  it('makes a blocked poll return with its token', () => {
    using poll = new Poll();
    const events = new Events(4);
    using waker = new Waker(poll.registry(), 42);
    waker.wake();
    expect(pollTokens(poll, events, null)).to.deep.equal([42]);
    // Edge-triggered: one wake, one event.
    expect(pollTokens(poll, events, 10)).to.deep.equal([]);
    waker.wake();
    expect(pollTokens(poll, events, null)).to.deep.equal([42]);
  });

  it('wakes an infinite poll from a worker thread', async () => {
    using poll = new Poll();
    const events = new Events(4);
    using waker = new Waker(poll.registry(), 7);
    const guard = watchdog(waker.fd);
    // The worker waits 50 ms, then wakes: poll(null) blocks until then and returns the token.
    const worker = epollWorker(`await sleep(50); epoll.Waker.wakeFd(workerData.fd);`, { fd: waker.fd });
    try {
      const t0 = performance.now();
      expect(pollTokens(poll, events, null)).to.deep.equal([7]);
      const elapsed = performance.now() - t0;
      expect(elapsed).to.be.at.least(40).and.below(4000);
    } finally {
      await worker.terminate();
      await guard.terminate();
    }
  });

  it('survives a saturated eventfd counter', () => {
    using poll = new Poll();
    const events = new Events(4);
    using waker = new Waker(poll.registry(), 1);
    // Push the counter to its maximum (2^64 - 2): a plain write(1) would now fail with EAGAIN.
    const max = Buffer.alloc(8);
    max.writeBigUInt64LE(0xffff_ffff_ffff_fffen);
    writeSync(waker.fd, max);
    pollTokens(poll, events, 0);
    expect(() => waker.wake()).not.to.throw();
    expect(pollTokens(poll, events, 1000)).to.deep.equal([1]);
    // wake() reset the counter to 1; saturate it again for the by-fd path.
    max.writeBigUInt64LE(0xffff_ffff_ffff_fffdn);
    writeSync(waker.fd, max);
    expect(() => Waker.wakeFd(waker.fd)).not.to.throw();
    expect(pollTokens(poll, events, 1000)).to.deep.equal([1]);
  });

  it('throws ERR_CLOSED after close()', () => {
    using poll = new Poll();
    const waker = new Waker(poll.registry(), 1);
    waker.close();
    waker.close();
    expect(waker.fd).to.equal(-1);
    expect(() => waker.wake()).to.throw().with.property('code', 'ERR_CLOSED');
  });
});
