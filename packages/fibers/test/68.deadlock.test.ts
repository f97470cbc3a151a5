// run() with nothing left that could ever wake a fiber: ERR_FIBERS_DEADLOCK, not a thread blocked
// for good (test/children/deadlock.ts, in a child process so that a regression hangs only it).
import { expect } from 'chai';
import { expectClean, runChild } from './util/child.js';

describe('run() that could never return', function () {
  this.timeout(60_000);

  it('throws ERR_FIBERS_DEADLOCK once only forever-sleepers are left (shipped or C API; stale timers do not count); the fibers stay until close()', () => {
    const r = runChild('deadlock.ts', 30_000);
    expectClean(r);
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).to.deep.equal({
      shipped: ['ERR_FIBERS_DEADLOCK', 3, 1],
      again: ['ERR_FIBERS_DEADLOCK', 5, 1],
      capi: ['ERR_FIBERS_DEADLOCK', 1],
      capiCleanups: 2,
      notStuck: ['no error', 0],
    });
  });
});
