// The task names live in TypeScript (src/tasks.ts), the bodies in the addon (tasks.cc's table, by
// index): the two tables must agree, or a name would start another task's body.
import { expect } from 'chai';
import { native } from '../src/binding.js';
import { TASKS } from '../src/tasks.js';

const KIND = { count: 0, ms: 1, fd: 2, depth: 3 } as const;

describe('the task table', () => {
  it('src/tasks.ts and the addon agree: indexes 0..n-1, each one\'s argument kind and fibers per spawn', () => {
    const table = native.taskTable();
    const specs = Object.entries(TASKS).sort((a, b) => a[1].index - b[1].index);
    expect(specs.map(([, s]) => s.index)).to.deep.equal(table.map((_, i) => i));
    for (const [name, spec] of specs) {
      expect(table[spec.index]![0], name).to.equal(KIND[spec.num?.kind ?? 'count']);
      expect(table[spec.index]![1], name).to.equal(name === 'pingpong' ? 2 : 1);
    }
  });

  it('the demo tasks are public; the test-only ones are not', () => {
    const testOnly = Object.entries(TASKS).filter(([, s]) => s.testing).map(([n]) => n);
    expect(testOnly.sort()).to.deep.equal(['clobber', 'noop', 'overflow', 'recurse', 'registers', 'yielder']);
  });
});
