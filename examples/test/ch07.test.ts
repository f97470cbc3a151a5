import { expect } from 'chai';
import { concurrent, handWritten, withCoroutine } from '../ch07-coroutines/programs.js';

describe('chapter 7: coroutines', () => {
  it('the hand-written state machine prints the book\'s sequence', () => {
    const lines: string[] = [];
    handWritten((l) => lines.push(l));
    const schedule = (n: number) => Array<string>(n).fill('Schedule other tasks');
    expect(lines).to.deep.equal([
      'Program starting', ...schedule(6), 'HelloWorld1', ...schedule(4), 'HelloWorld2',
    ]);
  });

  it('the coroutine version produces exactly the same sequence', () => {
    const a: string[] = [];
    const b: string[] = [];
    handWritten((l) => a.push(l));
    withCoroutine((l) => b.push(l));
    expect(b).to.deep.equal(a);
  });

  it('joinAll over five coroutines: total time is the maximum, not the sum', () => {
    const lines: string[] = [];
    const { elapsedMs, sequentialMs } = concurrent((l) => lines.push(l));
    expect(elapsedMs).to.equal(4000);
    expect(sequentialMs).to.equal(10000);
    expect(lines).to.deep.equal([0, 1, 2, 3, 4].map((i) => `HelloWorld${i} at ${i * 1000} ms`));
  });
});
