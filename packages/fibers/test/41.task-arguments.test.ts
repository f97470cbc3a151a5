// The shipped tasks take values a careless caller may pass: a sleep too long for 64-bit
// nanoseconds, a fractional or blocking fd, a pair of fibers when only one more fits.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, constants, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { FiberRuntime } from '../src/index.js';
import { spawnTestTask } from '../src/testing.js';
import { code } from './util/code.js';

describe('task arguments', () => {
  it('sleeper: a sleep too long for the clock never ends early (no ms -> ns wrap-around)', () => {
    using rt = new FiberRuntime();
    const woke: number[] = [];
    const years585k = 585_000 * 365.25 * 24 * 3600 * 1000;
    for (const ms of [years585k, 2 ** 64 / 1e6, 2 ** 53, Number.MAX_VALUE, Infinity]) {
      rt.spawn('sleeper', { ms, onDone: () => void woke.push(ms) });
    }
    for (let i = 0; i < 5; i++) rt.step();
    expect(woke).to.deep.equal([]);
    expect(rt.stats().live).to.equal(5);
  });

  it('sleeper: a fractional ms rounds up, never sleeping less', () => {
    using rt = new FiberRuntime();
    let slept = -1;
    rt.spawn('sleeper', { ms: 0.5, onDone: (ms) => void (slept = ms) });
    rt.run();
    expect(slept).to.be.at.least(0.5);
  });

  it('fdReader: a fractional or negative fd is refused (1.5 used to read fd 1)', () => {
    using rt = new FiberRuntime();
    for (const fd of [1.5, -1, NaN, 2 ** 31]) expect(code(() => rt.spawn('fdReader', { fd }))).to.equal('ERR_INVALID_ARG_VALUE');
    expect(rt.stats().spawned).to.equal(0);
  });

  it('fdReader: a blocking fd is refused (a read would block the thread forever)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferrite-fibers-'));
    const fifo = join(dir, 'fifo');
    try {
      expect(spawnSync('mkfifo', [fifo]).status).to.equal(0);
      // O_RDWR: opening does not wait for a writer; reading an empty FIFO blocks forever.
      const fd = openSync(fifo, constants.O_RDWR);
      try {
        using rt = new FiberRuntime();
        expect(code(() => rt.spawn('fdReader', { fd }))).to.equal('ERR_INVALID_ARG_VALUE');
        expect(rt.stats().spawned).to.equal(0);
        const nb = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
        try {
          expect(code(() => rt.spawn('fdReader', { fd: nb }))).to.equal('no error');
        } finally {
          rt.close();
          closeSync(nb);
        }
      } finally {
        closeSync(fd);
      }
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('pingpong: both fibers or neither (ERR_TOO_MANY_FIBERS leaves nothing spawned)', () => {
    using rt = new FiberRuntime({ maxFibers: 2 });
    spawnTestTask(rt, 'noop', {});
    let total = 0;
    expect(code(() => rt.spawn('pingpong', { rounds: 10, onDone: (n) => void (total = n) }))).to.equal('ERR_TOO_MANY_FIBERS');
    expect(rt.stats()).to.include({ spawned: 1, live: 1 });
    rt.run();
    rt.spawn('pingpong', { rounds: 10, onDone: (n) => void (total = n) });
    rt.run();
    expect(total).to.equal(20);
    expect(rt.stats()).to.include({ spawned: 3, live: 0 });
  });
});
