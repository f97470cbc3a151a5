import { expect } from 'chai';
import { FiberRuntime } from '../src/index.js';

describe('scheduling', () => {
  it('interleaves two counters round-robin, as in the book', () => {
    using rt = new FiberRuntime();
    const lines: string[] = [];
    const onStep = (id: number, i: number) => void lines.push(`thread: ${id} counter: ${i}`);
    rt.spawn('counter', { n: 10, onStep });
    rt.spawn('counter', { n: 15, onStep });
    rt.run();
    const expected: string[] = [];
    for (let i = 0; i < 15; i++) {
      if (i < 10) expected.push(`thread: 1 counter: ${i}`);
      expected.push(`thread: 2 counter: ${i}`);
    }
    expect(lines).to.deep.equal(expected);
    expect(rt.stats()).to.include({ spawned: 2, finished: 2, live: 0 });
  });

  it('step() runs one round at a time and says whether work remains', () => {
    using rt = new FiberRuntime();
    const seen: number[] = [];
    rt.spawn('counter', { n: 3, onStep: (_id, i) => void seen.push(i) });
    expect(rt.step()).to.equal(true);
    expect(seen).to.deep.equal([0]);
    expect(rt.step()).to.equal(true);
    expect(rt.step()).to.equal(true);
    expect(seen).to.deep.equal([0, 1, 2]);
    expect(rt.step()).to.equal(false);
  });

  it('a ping-pong pair alternates through yields', () => {
    using rt = new FiberRuntime();
    let total = 0;
    rt.spawn('pingpong', { rounds: 1000, onDone: (n) => void (total = n) });
    rt.run();
    expect(total).to.equal(2000);
    expect(rt.stats().switches).to.be.at.least(4000);
  });

  it('sleeps on the runtime timer', () => {
    using rt = new FiberRuntime();
    const slept: number[] = [];
    rt.spawn('sleeper', { ms: 40, onDone: (ms) => void slept.push(ms) });
    rt.spawn('sleeper', { ms: 10, onDone: (ms) => void slept.push(ms) });
    rt.run();
    expect(slept).to.have.length(2);
    expect(slept[0]).to.be.at.least(10); // the 10 ms sleeper reports first
    expect(slept[1]).to.be.at.least(40);
  });
});
