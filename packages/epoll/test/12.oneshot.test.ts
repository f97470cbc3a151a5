import { expect } from 'chai';
import { Events, Interest, Poll } from '../src/index.js';
import { bytes, pollTokens, socketPair } from './util/index.js';

describe('oneshot registrations', () => {
  for (const mode of ['oneshot', 'edge-oneshot'] as const) {
    it(`${mode}: fires once, then not again until reregister()`, () => {
      using poll = new Poll();
      const events = new Events(8);
      const [a, b] = socketPair();
      using _a = a;
      using _b = b;
      poll.registry().register(b, 3, Interest.READABLE, { mode });

      a.write(bytes('x'));
      expect(pollTokens(poll, events, 1000)).to.deep.equal([3]);
      a.write(bytes('y'));
      expect(pollTokens(poll, events, 20)).to.deep.equal([]);

      poll.registry().reregister(b, 4, Interest.READABLE, { mode });
      expect(pollTokens(poll, events, 1000)).to.deep.equal([4]);
    });
  }
});
