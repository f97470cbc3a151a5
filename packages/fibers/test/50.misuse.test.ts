import { Worker } from 'node:worker_threads';
import { expect } from 'chai';
import { native } from '../src/binding.js';
import { FiberRuntime } from '../src/index.js';
import { benchSwitch, spawnTestTask } from '../src/testing.js';
import { code } from './util/code.js';

const src = new URL('../src/index.ts', import.meta.url).href;
const testing = new URL('../src/testing.ts', import.meta.url).href;
const tsx = import.meta.resolve('tsx/esm/api');

describe('misuse gives coded errors', () => {
  it('spawning on a closed runtime: ERR_CLOSED (close is idempotent)', () => {
    const rt = new FiberRuntime();
    rt.close();
    rt.close();
    expect(code(() => spawnTestTask(rt, 'noop', {}))).to.equal('ERR_CLOSED');
    expect(code(() => rt.run())).to.equal('ERR_CLOSED');
  });

  it('more fibers than maxFibers: ERR_TOO_MANY_FIBERS', () => {
    using rt = new FiberRuntime({ maxFibers: 2 });
    spawnTestTask(rt, 'noop', {});
    spawnTestTask(rt, 'noop', {});
    expect(code(() => spawnTestTask(rt, 'noop', {}))).to.equal('ERR_TOO_MANY_FIBERS');
    rt.run();
    expect(code(() => spawnTestTask(rt, 'noop', {}))).to.equal('no error');
  });

  it('running a runtime re-entrantly from its own callback: ERR_FIBERS_REENTRANT', () => {
    using rt = new FiberRuntime();
    const inner: (string | undefined)[] = [];
    rt.spawn('counter', {
      n: 1,
      onStep: () => {
        inner.push(code(() => rt.run()), code(() => rt.step()), code(() => rt.close()));
      },
    });
    rt.run();
    expect(inner).to.deep.equal(['ERR_FIBERS_REENTRANT', 'ERR_FIBERS_REENTRANT', 'ERR_FIBERS_REENTRANT']);
  });

  it('an error thrown by a callback ends run() with that error; the runtime stays usable', () => {
    using rt = new FiberRuntime();
    let calls = 0;
    rt.spawn('counter', {
      n: 3,
      onStep: () => {
        if (calls++ === 0) throw new Error('from the callback');
      },
    });
    expect(() => rt.run()).to.throw('from the callback');
    rt.run();
    expect(calls).to.equal(3);
  });

  it('bad options, tasks and arguments: ERR_INVALID_ARG_VALUE / ERR_UNKNOWN_TASK', () => {
    expect(code(() => new FiberRuntime({ stackSize: 100 }))).to.equal('ERR_INVALID_ARG_VALUE');
    expect(code(() => new FiberRuntime({ maxFibers: 0 }))).to.equal('ERR_INVALID_ARG_VALUE');
    using rt = new FiberRuntime();
    expect(code(() => rt.spawn('nope' as never, {} as never))).to.equal('ERR_UNKNOWN_TASK');
    expect(code(() => rt.spawn('counter', { n: -1 }))).to.equal('ERR_INVALID_ARG_VALUE');
    expect(code(() => rt.spawn('counter', { n: 1, onStep: 5 as never }))).to.equal('ERR_INVALID_ARG_VALUE');
  });

  it('benchSwitch beyond its cap (2e7; swapcontext 1e6, about a second) is ERR_INVALID_ARG_VALUE, not a thread blocked for minutes', () => {
    const caps = { ferrite: 2e7, minimal: 2e7, swapcontext: 1e6 } as const;
    for (const [kind, cap] of Object.entries(caps) as [keyof typeof caps, number][]) {
      for (const n of [cap + 1, 1e8, 1e9]) {
        if (n <= cap) continue;
        expect(code(() => benchSwitch(kind, n)), `${kind} ${n}`).to.equal('ERR_INVALID_ARG_VALUE');
        expect(code(() => native.benchSwitch(['ferrite', 'minimal', 'swapcontext'].indexOf(kind), n)), `native ${kind} ${n}`).to.equal('ERR_INVALID_ARG_VALUE');
      }
      expect(code(() => benchSwitch(kind, 1000)), `${kind} 1000`).to.equal('no error');
    }
  });

  it('works in a worker thread, and a terminated worker cleans up', async () => {
    const w = new Worker(
      `(async () => {
        (await import(${JSON.stringify(tsx)})).register();
        const { FiberRuntime } = await import(${JSON.stringify(src)});
        const { spawnTestTask } = await import(${JSON.stringify(testing)});
        const { parentPort } = await import('node:worker_threads');
        const rt = new FiberRuntime({ stackSize: 64 * 1024 });
        let steps = 0;
        rt.spawn('counter', { n: 5, onStep: () => steps++ });
        rt.run();
        for (let i = 0; i < 100; i++) spawnTestTask(rt, 'yielder', { n: 1000 });
        rt.step();
        setInterval(() => {}, 1000); // alive until terminated, with 100 fibers mid-flight
        parentPort.postMessage(steps);
      })()`,
      { eval: true },
    );
    const steps = await new Promise((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
    expect(steps).to.equal(5);
    expect(await w.terminate()).to.equal(1);
  });
});
