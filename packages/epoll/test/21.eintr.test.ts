import { Worker } from 'node:worker_threads';
import { expect } from 'chai';
import { Events, Poll, Waker } from '../src/index.js';
import { pollTokens } from './util/index.js';
import { epollWorker, watchdog } from './util/worker.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('EINTR during a blocking poll', () => {
  let signals = 0;
  const onSignal = () => signals++;
  beforeEach(() => {
    signals = 0;
    process.on('SIGUSR2', onSignal);
  });
  afterEach(() => process.off('SIGUSR2', onSignal));

  it('is retried: signals do not end an infinite wait, the waker does', async () => {
    using poll = new Poll();
    const events = new Events(4);
    using waker = new Waker(poll.registry(), 9);
    const guard = watchdog(waker.fd);
    // The main thread sleeps in epoll_wait; a process-directed signal goes to it (the thread-group
    // leader is preferred when it does not block the signal). Three signals, then the waker.
    const worker = epollWorker(
      `for (let i = 0; i < 3; i++) { await sleep(30); process.kill(process.pid, 'SIGUSR2'); }
       await sleep(30);
       epoll.Waker.wake(workerData.cell);`,
      { cell: waker.share() },
    );
    try {
      const t0 = performance.now();
      expect(pollTokens(poll, events, null)).to.deep.equal([9]);
      expect(performance.now() - t0).to.be.at.least(100).and.below(4000);
    } finally {
      await worker.terminate();
      await guard.terminate();
    }
    await tick();
    // The handlers ran once the loop resumed: the signals really were delivered during the wait.
    expect(signals).to.be.at.least(1);
  });

  it('keeps the deadline of a timed wait across signals', async () => {
    using poll = new Poll();
    const events = new Events(4);
    const worker = new Worker(
      `(async () => { const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
        for (let i = 0; i < 3; i++) { await sleep(25); process.kill(process.pid, 'SIGUSR2'); } })()`,
      { eval: true },
    );
    try {
      const t0 = performance.now();
      expect(poll.poll(events, 200)).to.equal(0);
      const elapsed = performance.now() - t0;
      expect(elapsed).to.be.at.least(199).and.below(2000);
    } finally {
      await worker.terminate();
    }
    await tick();
    expect(signals).to.be.at.least(1);
  });
});
