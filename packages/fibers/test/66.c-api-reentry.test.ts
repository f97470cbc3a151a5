// Calling back in: a fiber's cleanup that calls the table (after its body returned, and while the
// runtime closes), a channel function that runs, closes or spawns on its own runtime or runs
// another one, a handle kept by an addon and used from another thread, many runtimes on one
// thread. Through the probe (test/native/capi-probe.cc).
import { Worker } from 'node:worker_threads';
import { expect } from 'chai';
import { FiberRuntime } from '../src/index.js';
import { code } from './util/code.js';
import { fdCount, modes } from './util/modes.js';
import { Kind, loadProbe, probePath } from './util/probe.js';

const EBADF = -9, EPERM = -1;

for (const [mode, runIt] of Object.entries(modes)) {
  describe(`the C API called back into, ${mode}`, () => {
    it("a cleanup after its body returned: the waits say -EPERM (no fiber), current 0, and it may spawn: that fiber runs", async () => {
      const probe = loadProbe();
      using rt = new FiberRuntime();
      const before = probe.cleanups();
      probe.cleanupCalls();
      probe.spawn(rt.nativeHandle(), 0, Kind.reenterOnFinish, -1, 0, '');
      await runIt(rt);
      const [current, yielded, slept, waited, called, spawned] = probe.cleanupCalls();
      expect([current, yielded, slept, waited, called]).to.deep.equal([0, EPERM, EPERM, EPERM, EPERM]);
      expect(spawned).to.equal(2);
      expect(rt.stats()).to.include({ spawned: 2, finished: 2, live: 0 });
      expect(probe.cleanups() - before).to.equal(2);
    });

    it('a cleanup may spawn its successor at maxFibers: the finished fiber has left the live set', async () => {
      const probe = loadProbe();
      using rt = new FiberRuntime({ maxFibers: 1 });
      probe.cleanupCalls();
      probe.spawn(rt.nativeHandle(), 0, Kind.reenterOnFinish, -1, 0, '');
      await runIt(rt);
      expect(probe.cleanupCalls()[5]).to.equal(2);
      expect(rt.stats()).to.include({ spawned: 2, finished: 2, live: 0, maxLive: 1 });
    });

    it('a channel function that calls run/step/runInLoop/close is refused; one that spawns (C API) or runs another runtime works', async () => {
      const probe = loadProbe();
      using rt = new FiberRuntime();
      using other = new FiberRuntime();
      let codes: (string | undefined)[] = [];
      const log: string[] = [];
      const otherCh = other.channel((_id, label) => void log.push(`other ${String(label)}`));
      const ch = rt.channel((id, label) => {
        log.push(`${id} ${String(label)}`);
        if (id !== 1 || label !== 'sleep') return;
        codes = [code(() => rt.run()), code(() => rt.step()), code(() => rt.runInLoop()), code(() => rt.close())];
        probe.spawn(rt.nativeHandle(), ch, Kind.sleep, -1, 0, '');
        probe.spawn(other.nativeHandle(), otherCh, Kind.sleep, -1, 0, '');
        other.run();
      });
      probe.spawn(rt.nativeHandle(), ch, Kind.sleep, -1, 0, '');
      await runIt(rt);
      // Under runInLoop() the run is pending, so run/step/runInLoop are ERR_FIBERS_BUSY first.
      const busy = mode.startsWith('runInLoop') ? 'ERR_FIBERS_BUSY' : 'ERR_FIBERS_REENTRANT';
      expect(codes).to.deep.equal([busy, busy, busy, 'ERR_FIBERS_REENTRANT']);
      expect(log).to.deep.equal(['1 sleep', 'other sleep', 'other current', '1 current', '2 sleep', '2 current']);
      expect(rt.stats()).to.include({ finished: 2, live: 0 });
    });
  });
}

describe('the C API called back into while closing', () => {
  it('a cleanup run by close() finds the runtime closed: -EBADF everywhere, current 0, nothing spawned', () => {
    const probe = loadProbe();
    const rt = new FiberRuntime();
    const before = probe.cleanups();
    probe.cleanupCalls();
    probe.spawn(rt.nativeHandle(), 0, Kind.reenterOnClose, -1, 0, '');
    rt.step();
    rt.close();
    expect(probe.cleanupCalls()).to.deep.equal([0, EBADF, EBADF, EBADF, EBADF, EBADF]);
    expect(probe.cleanups() - before).to.equal(1);
  });
});

describe('the C API from the wrong thread', () => {
  it("a handle kept by an addon and used from a worker thread: -EPERM everywhere, current 0, nothing spawned", async () => {
    const probe = loadProbe();
    using rt = new FiberRuntime();
    probe.keep(rt.nativeHandle());
    const w = new Worker(`require('node:worker_threads').parentPort.postMessage(require(require('node:worker_threads').workerData).useKept())`, {
      eval: true,
      workerData: probePath(),
    });
    const seen = await new Promise((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
    await new Promise((resolve) => w.once('exit', resolve)); // its fds closed before the next test counts
    expect(seen).to.deep.equal([EPERM, EPERM, EPERM, EPERM, EPERM, EPERM, 0]);
    expect(rt.stats().spawned).to.equal(0);
    // And from this, the owning thread, outside any fiber: the same table works as documented.
    expect(probe.useKept()[0]).to.equal(1);
    rt.run();
  });
});

describe('many runtimes on one thread', () => {
  it('300 at once (more than the 256 guard slots), each with fibers, run and closed: no fd left', () => {
    const probe = loadProbe();
    const fds = fdCount();
    const before = probe.cleanups();
    const rts = Array.from({ length: 300 }, () => new FiberRuntime({ stackSize: 16 * 1024 }));
    for (const rt of rts) for (let i = 0; i < 2; i++) probe.spawn(rt.nativeHandle(), 0, Kind.yielder, -1, 2, '');
    for (const rt of rts) rt.run();
    for (const rt of rts) rt.close();
    expect(probe.cleanups() - before).to.equal(600);
    expect(fdCount()).to.equal(fds);
  });

  it("runtimes run inside each other's channel functions, 20 deep", () => {
    const probe = loadProbe();
    const rts = Array.from({ length: 20 }, () => new FiberRuntime({ stackSize: 16 * 1024 }));
    const order: number[] = [];
    rts.forEach((rt, k) => {
      const ch = rt.channel(() => {
        order.push(k);
        if (k + 1 < rts.length) rts[k + 1]!.run();
      });
      probe.spawn(rt.nativeHandle(), ch, Kind.values, -1, 0, '');
    });
    rts[0]!.run();
    // Each fiber reports twice (its values, then its result): the first report runs the next runtime.
    expect(order.slice(0, 20)).to.deep.equal([...Array(20).keys()]);
    for (const rt of rts) {
      expect(rt.stats().live).to.equal(0);
      rt.close();
    }
  });
});
