// A callback that throws ends run() at once: no other fiber runs and no other callback is made
// (or skipped) until the next run(); the fiber that asked continues there.
import { expect } from 'chai';
import { FiberRuntime } from '../src/index.js';

describe('a failing callback stops the run', () => {
  it('nothing else runs after the throw; every later callback is still made, once', () => {
    using rt = new FiberRuntime();
    const calls: string[] = [];
    rt.spawn('counter', {
      n: 3,
      onStep: (_id, i) => {
        calls.push(`a${i}`);
        if (i === 0) throw new Error('boom');
      },
    });
    rt.spawn('counter', { n: 3, onStep: (_id, i) => void calls.push(`b${i}`) });
    expect(() => rt.run()).to.throw('boom');
    expect(calls).to.deep.equal(['a0']);
    rt.run();
    expect(calls).to.deep.equal(['a0', 'b0', 'a1', 'b1', 'a2', 'b2']);
  });

  it('step() stops the same way', () => {
    using rt = new FiberRuntime();
    const calls: string[] = [];
    rt.spawn('counter', { n: 2, onStep: (_id, i) => { calls.push(`a${i}`); if (i === 0) throw new Error('boom'); } });
    rt.spawn('counter', { n: 2, onStep: (_id, i) => void calls.push(`b${i}`) });
    expect(() => rt.step()).to.throw('boom');
    expect(calls).to.deep.equal(['a0']);
    while (rt.step());
    expect(calls).to.deep.equal(['a0', 'b0', 'a1', 'b1']);
  });
});
