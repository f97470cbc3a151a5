import { expect } from 'chai';
import { PENDING, Poll } from '../src/index.js';

describe('Poll', () => {
  it('PENDING is one shared sentinel: returning Pending allocates nothing', () => {
    expect(Poll.PENDING).to.equal(PENDING);
    expect(Poll.isPending(Poll.PENDING)).to.equal(true);
    expect(Poll.isReady(Poll.PENDING)).to.equal(false);
  });

  it('ready(v) carries the value and narrows', () => {
    const p: Poll<number> = Poll.ready(5);
    expect(Poll.isReady(p)).to.equal(true);
    if (Poll.isReady(p)) {
      const n: number = p.value;
      expect(n).to.equal(5);
    }
    // Even undefined is a value, distinct from Pending.
    expect(Poll.isReady(Poll.ready(undefined))).to.equal(true);
  });
});
