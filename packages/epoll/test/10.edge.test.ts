import { expect } from 'chai';
import { Events, Interest, Poll } from '../src/index.js';
import { bytes, drain, pollTokens, socketPair } from './util/index.js';

describe('edge-triggered readiness (the default mode)', () => {
  it('fires once per edge, and again only after a drain to WOULD_BLOCK and new data', () => {
    using poll = new Poll();
    const events = new Events(8);
    const [a, b] = socketPair();
    using _a = a;
    using _b = b;
    poll.registry().register(b, 1, Interest.READABLE);

    a.write(bytes('one'));
    expect(pollTokens(poll, events, 1000)).to.deep.equal([1]);
    // Not drained: no new edge, so no new event.
    expect(pollTokens(poll, events, 20)).to.deep.equal([]);

    expect(drain(b)).to.equal(3);
    expect(pollTokens(poll, events, 20)).to.deep.equal([]);

    a.write(bytes('two'));
    expect(pollTokens(poll, events, 1000)).to.deep.equal([1]);
  });
});
