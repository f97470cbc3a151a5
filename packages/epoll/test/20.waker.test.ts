import { writeSync } from 'node:fs';
import { expect } from 'chai';
import { Events, Poll, Waker } from '../src/index.js';
import { pollTokens } from './util/index.js';
import { Worker } from 'node:worker_threads';
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
    const worker = epollWorker(`await sleep(50); epoll.Waker.wake(workerData.cell);`, { cell: waker.share() });
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
    // wake() reset the counter to 1; saturate it again for the shared-cell path.
    max.writeBigUInt64LE(0xffff_ffff_ffff_fffdn);
    writeSync(waker.fd, max);
    expect(() => Waker.wake(waker.share())).not.to.throw();
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

  it('share() gives one cell; waking through it after close() is ERR_CLOSED and touches no reused fd', () => {
    using poll = new Poll();
    const events = new Events(4);
    const waker = new Waker(poll.registry(), 3);
    const cell = waker.share();
    expect(waker.share()).to.equal(cell);
    expect(cell.buffer).to.be.instanceOf(SharedArrayBuffer);
    Waker.wake(cell);
    expect(pollTokens(poll, events, 1000)).to.deep.equal([3]);
    const fd = waker.fd;
    waker.close();
    // The fd number is free again, and the next eventfd takes it (the lowest free number).
    using other = new Waker(poll.registry(), 4);
    expect(other.fd, 'the freed fd number was reused').to.equal(fd);
    expect(() => Waker.wake(cell)).to.throw().with.property('code', 'ERR_CLOSED');
    expect(pollTokens(poll, events, 0), 'no stray wake reached the eventfd that reused the number').to.deep.equal([]);
  });

  it('Waker.wake() refuses what is not a waker cell', () => {
    for (const bad of [undefined, 3, {}, new Int32Array(4), new Int32Array(new SharedArrayBuffer(16)), new Uint8Array(16)]) {
      expect(() => Waker.wake(bad as never)).to.throw().with.property('code').that.matches(/^ERR_INVALID_ARG_(TYPE|VALUE)$/);
    }
  });

  it('a worker waking concurrently with close() gets ERR_CLOSED, never a crash', async function () {
    this.timeout(30_000);
    const addon = new URL('../build/Release/ferrite_epoll.node', import.meta.url).pathname;
    for (let round = 0; round < 10; round++) {
      const poll = new Poll();
      const waker = new Waker(poll.registry(), 1);
      // A plain worker on the raw addon (no TS loader: quick to start, even under ASan).
      const worker = new Worker(
        `const { parentPort, workerData } = require('node:worker_threads');
         const binding = require(workerData.addon);
         let n = 0;
         for (;;) { try { binding.notifyShared(workerData.cell); n++; } catch (e) { if (e.code !== 'ERR_CLOSED') throw e; break; } }
         parentPort.postMessage(n);`,
        { eval: true, execArgv: [], workerData: { cell: waker.share(), addon } },
      );
      const woken = new Promise<number>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      await new Promise((r) => setTimeout(r, 5));
      waker.close();
      poll.close();
      expect(await woken).to.be.a('number');
      await worker.terminate();
    }
  });


  it('close() never hangs on a cell whose count somebody tampered with', () => {
    using poll = new Poll();
    const waker = new Waker(poll.registry(), 1);
    const cell = waker.share();
    Atomics.store(cell, 1, 5); // five notifiers that will never finish
    const t0 = performance.now();
    waker.close();
    expect(performance.now() - t0).to.be.below(5000);
    expect(() => Waker.wake(cell)).to.throw().with.property('code', 'ERR_CLOSED');
  });
});
