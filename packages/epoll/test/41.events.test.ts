import { expect } from 'chai';
import { EpollError, Events, Interest, Poll, Waker } from '../src/index.js';
import { expectCode } from './util/index.js';

describe('Events', () => {
  it('is reused: the same Event objects come back poll after poll (no allocation per event)', () => {
    using poll = new Poll();
    const events = new Events(4);
    using w1 = new Waker(poll.registry(), 1);
    using w2 = new Waker(poll.registry(), 2);
    w1.wake();
    w2.wake();
    poll.poll(events, 1000);
    const first = [...events];
    w1.wake();
    w2.wake();
    poll.poll(events, 1000);
    const second = [...events];
    expect(second).to.have.length(2);
    expect(second[0]).to.equal(first[0]);
    expect(second[1]).to.equal(first[1]);
  });

  it('supports nested iteration and indexed access', () => {
    using poll = new Poll();
    const events = new Events(4);
    using w1 = new Waker(poll.registry(), 1);
    using w2 = new Waker(poll.registry(), 2);
    w1.wake();
    w2.wake();
    poll.poll(events, 1000);
    const pairs: number[][] = [];
    for (const a of events) for (const b of events) pairs.push([a.token, b.token]);
    expect(pairs).to.have.length(4);
    expect(() => events.get(2)).to.throw(EpollError).with.property('code', 'ERR_OUT_OF_RANGE');
    events.clear();
    expect(events.isEmpty()).to.equal(true);
    expect([...events]).to.deep.equal([]);
  });

  it('rejects a bad capacity', () => {
    for (const c of [0, -1, 1.5, NaN]) expectCode(() => new Events(c), 'ERR_INVALID_ARG_VALUE');
  });

  it('keeps the Interest bit values stable (they are part of the API)', () => {
    expect(Interest).to.deep.equal({ READABLE: 1, WRITABLE: 2, PRIORITY: 4 });
  });
});
