import { expect } from 'chai';
import { Events, Interest, Poll } from '../src/index.js';
import { bytes, drain, pollTokens, socketPair } from './util/index.js';

describe('level-triggered readiness', () => {
  it('fires on every poll while data is unread, and stops once drained', () => {
    using poll = new Poll();
    const events = new Events(8);
    const [a, b] = socketPair();
    using _a = a;
    using _b = b;
    poll.registry().register(b, 2, Interest.READABLE, { mode: 'level' });

    a.write(bytes('x'));
    for (let i = 0; i < 3; i++) expect(pollTokens(poll, events, 1000)).to.deep.equal([2]);
    drain(b);
    expect(pollTokens(poll, events, 20)).to.deep.equal([]);
  });
});
