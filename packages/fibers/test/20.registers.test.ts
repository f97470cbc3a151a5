import { expect } from 'chai';
import { FiberRuntime } from '../src/index.js';
import { spawnTestTask } from '../src/testing.js';

describe('the context switch', () => {
  it('preserves every callee-saved register and the MXCSR / x87 control state across switches', () => {
    using rt = new FiberRuntime();
    const masks: number[] = [];
    // Checkers and clobberers interleave: each checker's registers are overwritten by the
    // others while it is switched out, unless the switch saves and restores them.
    for (let i = 0; i < 4; i++) {
      spawnTestTask(rt, 'registers', { onDone: (m) => void masks.push(m) });
      spawnTestTask(rt, 'clobber', { rounds: 3 });
    }
    rt.run();
    expect(masks).to.deep.equal([0, 0, 0, 0]);
  });

  it('a new fiber starts from the spawner\'s floating-point control state, in a clean frame', () => {
    using rt = new FiberRuntime();
    let checksum = -1;
    spawnTestTask(rt, 'recurse', { depth: 10, onDone: (c) => void (checksum = c) });
    rt.run();
    expect(checksum).to.be.a('number').and.not.equal(-1);
  });
});
