import { expect } from 'chai';
import { Events, Interest, Poll } from '../src/index.js';
import { bytes, pollTokens, socketPair } from './util/index.js';

describe('several ready sources', () => {
  it('arrive together in one poll', () => {
    using poll = new Poll();
    const events = new Events(16);
    const pairs = Array.from({ length: 5 }, () => socketPair());
    try {
      pairs.forEach(([, b], i) => poll.registry().register(b, 100 + i, Interest.READABLE));
      pairs.forEach(([a]) => a.write(bytes('x')));
      expect(pollTokens(poll, events, 1000).sort()).to.deep.equal([100, 101, 102, 103, 104]);
    } finally {
      pairs.flat().forEach((s) => s.close());
    }
  });

  it('beyond the capacity, arrive on later polls without loss', () => {
    using poll = new Poll();
    const events = new Events(2);
    const pairs = Array.from({ length: 5 }, () => socketPair());
    try {
      pairs.forEach(([, b], i) => poll.registry().register(b, i, Interest.READABLE));
      pairs.forEach(([a]) => a.write(bytes('x')));
      const seen: number[] = [];
      for (let i = 0; i < 3; i++) {
        const n = poll.poll(events, 1000);
        expect(n).to.be.at.most(2);
        expect(events.length).to.equal(n);
        for (const e of events) seen.push(e.token);
      }
      expect(seen.sort()).to.deep.equal([0, 1, 2, 3, 4]);
      expect(pollTokens(poll, events, 0)).to.deep.equal([]);
    } finally {
      pairs.flat().forEach((s) => s.close());
    }
  });

  it('carries the full safe-integer token range through data.u64', () => {
    using poll = new Poll();
    const events = new Events(4);
    const [a, b] = socketPair();
    using _a = a;
    using _b = b;
    poll.registry().register(b, Number.MAX_SAFE_INTEGER, Interest.READABLE);
    a.write(bytes('x'));
    expect(pollTokens(poll, events, 1000)).to.deep.equal([Number.MAX_SAFE_INTEGER]);
  });
});
