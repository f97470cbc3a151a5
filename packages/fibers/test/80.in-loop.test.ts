// runInLoop(): the shipped tasks' behaviours, the same as under run(), plus what only the Node-loop
// mode has: Node keeps running meanwhile, close() while pending, refusals while pending, a
// callback that throws, fds and workers.
import { expect } from 'chai';
import { net } from '@ferrite/epoll';
import { FiberRuntime } from '../src/index.js';
import { code } from './util/code.js';
import { fiberWorker, firstMessage, exited } from './util/fiber-worker.js';
import { fdCount, modes } from './util/modes.js';

for (const [mode, runIt] of Object.entries(modes)) {
  describe(`shipped tasks, ${mode}`, () => {
    it('two counters interleave round-robin, as in the book', async () => {
      using rt = new FiberRuntime();
      const lines: string[] = [];
      const onStep = (id: number, i: number) => void lines.push(`${id}:${i}`);
      rt.spawn('counter', { n: 3, onStep });
      rt.spawn('counter', { n: 2, onStep });
      await runIt(rt);
      expect(lines).to.deep.equal(['1:0', '2:0', '1:1', '2:1', '1:2']);
    });

    it('sleepers wake in deadline order', async () => {
      using rt = new FiberRuntime();
      const order: number[] = [];
      rt.spawn('sleeper', { ms: 30, onDone: () => void order.push(30) });
      rt.spawn('sleeper', { ms: 5, onDone: () => void order.push(5) });
      await runIt(rt);
      expect(order).to.deep.equal([5, 30]);
    });

    it('fdReader reads a socket to EOF', async () => {
      using rt = new FiberRuntime();
      const [w, r] = net.tcpPair();
      w.write(new Uint8Array(3000));
      w.close();
      let bytes = -1;
      rt.spawn('fdReader', { fd: r.fd, onDone: (b) => void (bytes = b) });
      await runIt(rt);
      expect(bytes).to.equal(3000);
      r.close();
    });

    it('a callback that throws ends the run with it; the next run goes on from there', async () => {
      using rt = new FiberRuntime();
      const seen: number[] = [];
      rt.spawn('counter', { n: 3, onStep: (_id, i) => { seen.push(i); if (i === 0) throw new Error('boom'); } });
      let err: unknown;
      try {
        await runIt(rt);
      } catch (e) {
        err = e;
      }
      expect((err as Error).message).to.equal('boom');
      await runIt(rt);
      expect(seen).to.deep.equal([0, 1, 2]);
    });

    it('nothing to run settles at once', async () => {
      using rt = new FiberRuntime();
      await runIt(rt);
      expect(rt.stats().spawned).to.equal(0);
    });
  });
}

describe('runInLoop() only', () => {
  it('Node runs between batches: a Node timer fires while a fiber waits on a socket', async () => {
    using rt = new FiberRuntime();
    const [w, r] = net.tcpPair();
    let bytes = -1;
    rt.spawn('fdReader', { fd: r.fd, onDone: (b) => void (bytes = b) });
    // The writer is a Node timer: under a blocking run() it could never fire.
    setTimeout(() => {
      w.write(new Uint8Array(10));
      w.close();
    }, 5);
    await rt.runInLoop();
    expect(bytes).to.equal(10);
    r.close();
  });

  it('while pending, run(), step() and runInLoop() are ERR_FIBERS_BUSY; spawn is welcome', async () => {
    using rt = new FiberRuntime();
    rt.spawn('sleeper', { ms: 5 });
    const running = rt.runInLoop();
    expect([code(() => rt.run()), code(() => rt.step()), code(() => rt.runInLoop())]).to.deep.equal(['ERR_FIBERS_BUSY', 'ERR_FIBERS_BUSY', 'ERR_FIBERS_BUSY']);
    let late = false;
    rt.spawn('counter', { n: 1, onStep: () => void (late = true) });
    await running;
    expect(late).to.equal(true);
  });

  it('a fiber spawned between batches runs although nothing else would wake the run (the kick eventfd)', async () => {
    const rt = new FiberRuntime();
    rt.spawn('sleeper', { ms: Infinity }); // no timer, no fd: only a spawn can start a batch
    const running = rt.runInLoop();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const stepped = await new Promise<number>((resolve) => rt.spawn('counter', { n: 1, onStep: (id) => resolve(id) }));
    expect(stepped).to.equal(2);
    rt.close();
    await running.catch(() => {});
  });

  it('from its own callback: ERR_FIBERS_REENTRANT', async () => {
    using rt = new FiberRuntime();
    let inner: string | undefined;
    rt.spawn('counter', { n: 1, onStep: () => void (inner = code(() => rt.runInLoop())) });
    rt.run();
    expect(inner).to.equal('ERR_FIBERS_REENTRANT');
  });

  it('close() while pending rejects with ERR_CLOSED and leaves no fd; closing again is a no-op', async () => {
    const fds = fdCount();
    const rt = new FiberRuntime();
    const [w, r] = net.tcpPair();
    for (let i = 0; i < 3; i++) rt.spawn('sleeper', { ms: Infinity });
    rt.spawn('fdReader', { fd: r.fd });
    const running = rt.runInLoop();
    await new Promise((resolve) => setTimeout(resolve, 5));
    rt.close();
    rt.close();
    let err: unknown;
    await running.catch((e: unknown) => void (err = e));
    expect((err as { code: string }).code).to.equal('ERR_CLOSED');
    w.close();
    r.close();
    expect(fdCount()).to.equal(fds);
  });

  it('a runtime runs in the loop again and again (one watch at a time, none left behind)', async () => {
    const fds = fdCount();
    using rt = new FiberRuntime();
    for (let round = 0; round < 20; round++) {
      rt.spawn('sleeper', { ms: 0 });
      await rt.runInLoop();
    }
    expect(rt.stats().finished).to.equal(20);
    rt.close();
    expect(fdCount()).to.equal(fds);
  });

  it('in a worker: runInLoop() works, and terminate() while fibers wait returns and leaves no fd', async () => {
    const fds = fdCount();
    const ok = fiberWorker(`
      const rt = new FiberRuntime();
      let done = 0;
      for (let i = 0; i < 5; i++) rt.spawn('sleeper', { ms: 1, onDone: () => done++ });
      await rt.runInLoop();
      rt.close();
      parentPort.postMessage(done);
    `);
    expect(await firstMessage(ok)).to.equal(5);
    expect(await exited(ok, 10_000)).to.equal(0);
    const stuck = fiberWorker(`
      const rt = new FiberRuntime();
      rt.spawn('sleeper', { ms: Infinity });
      const { net } = await import('@ferrite/epoll');
      const [w, r] = net.tcpPair();
      rt.spawn('fdReader', { fd: r.fd });
      rt.runInLoop();
      parentPort.postMessage('waiting');
    `);
    expect(await firstMessage(stuck)).to.equal('waiting');
    await stuck.terminate();
    expect(fdCount()).to.equal(fds);
  });
});
