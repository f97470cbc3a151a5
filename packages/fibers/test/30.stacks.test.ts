import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import { native } from '../src/binding.js';
import { FiberRuntime } from '../src/index.js';
import { spawnTestTask } from '../src/testing.js';
import { expectClean, runChild } from './util/child.js';

const SRC = new URL('../src/index.ts', import.meta.url).href;
const TESTING = new URL('../src/testing.ts', import.meta.url).href;

describe('stacks', () => {
  it('deep recursion within the stack size works and shows in the high-water mark', () => {
    using rt = new FiberRuntime({ stackSize: 256 * 1024 });
    let checksum = NaN;
    // 350 levels, or fewer where frames are bigger (under ASan the measured limit is lower).
    const depth = Math.min(350, native.recurseDepthLimit(256 * 1024));
    spawnTestTask(rt, 'recurse', { depth, onDone: (c) => void (checksum = c) });
    rt.run();
    expect(Number.isFinite(checksum)).to.equal(true);
    const s = rt.stats();
    expect(s.stackHighWater).to.be.at.least(depth * 512).and.at.most(256 * 1024);
    expect(s.guard).to.be.oneOf(['madvise', 'mprotect']);
  });

  it('the high-water mark holds while a fiber that has not finished reuses the deep stack, and after', () => {
    using rt = new FiberRuntime({ stackSize: 256 * 1024 });
    const depth = Math.min(350, native.recurseDepthLimit(256 * 1024));
    spawnTestTask(rt, 'recurse', { depth });
    rt.run();
    spawnTestTask(rt, 'noop', {}); // takes the only pooled stack, the deep one
    expect(rt.stats()).to.include({ pooledStacks: 0, live: 1 });
    expect(rt.stats().stackHighWater).to.be.at.least(depth * 512);
    rt.run();
    expect(rt.stats().stackHighWater).to.be.at.least(depth * 512);
  });

  it('stacks of finished fibers are pooled and reused', () => {
    using rt = new FiberRuntime({ stackSize: 64 * 1024 });
    for (let i = 0; i < 10; i++) spawnTestTask(rt, 'noop', {});
    rt.run();
    expect(rt.stats().pooledStacks).to.equal(10);
    for (let i = 0; i < 10; i++) spawnTestTask(rt, 'noop', {});
    expect(rt.stats().pooledStacks).to.equal(0);
    rt.run();
    expect(rt.stats().pooledStacks).to.equal(10);
  });

  it('the deepest accepted recurse runs at 16 KiB, 64 KiB, 256 KiB and 1 MiB (also in workers); one deeper is refused (child process)', () => {
    const r = runChild('recurse-limits.ts', 60_000);
    expectClean(r);
    for (const kib of [16, 64, 256, 1024]) expect(r.stdout).to.match(new RegExp(`stack ${kib} KiB: depth \\d+ ran, \\d+ refused`));
    expect(r.stdout).to.include('recurse limits: ok');
  });

  it('overflowing the stack is reported clearly, naming the fiber (child process)', () => {
    const code = `const { FiberRuntime } = await import(${JSON.stringify(SRC)});
      const { spawnTestTask } = await import(${JSON.stringify(TESTING)});
      const rt = new FiberRuntime({ stackSize: 64 * 1024 });
      spawnTestTask(rt, 'noop', {});
      spawnTestTask(rt, 'overflow', {});
      rt.run();
      console.log('not reached');`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: new URL('..', import.meta.url).pathname,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.stdout).to.not.include('not reached');
    expect(r.signal).to.equal('SIGSEGV');
    expect(r.stderr).to.match(/ferrite: fatal: fiber 2 overflowed its stack \(64 KiB\): guard page hit at 0x[0-9a-f]+/);
  });

  it('100,000 fibers with 64 KiB stacks spawn, run side by side and exit', () => {
    using rt = new FiberRuntime({ stackSize: 64 * 1024 });
    for (let i = 0; i < 100_000; i++) spawnTestTask(rt, 'yielder', { n: 2 });
    rt.run();
    expect(rt.stats()).to.include({ spawned: 100_000, finished: 100_000, maxLive: 100_000, live: 0 });
  });

  it('b-show-stack: a suspended fiber\'s stack holds its frame above the saved stack pointer', () => {
    using rt = new FiberRuntime();
    const id = rt.spawn('showStack', {});
    rt.step(); // runs until its yield: suspended with the marker in its frame
    const snap = rt.stackSnapshot(id, 512)!;
    expect(snap.top > snap.sp).to.equal(true);
    const hex = Buffer.from(snap.bytes).toString('hex');
    // 0xDEADBEEFCAFEBABE, little-endian.
    expect(hex).to.include('bebafecaefbeadde');
    rt.run();
  });
});
