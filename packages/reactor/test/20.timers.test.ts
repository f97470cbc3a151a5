import { expect } from 'chai';
import { Context, coroutine, joinAll, wait, type Future } from '@ferrite/future';
import { Trigger } from '@ferrite/future/testing';
import { Reactor, TimeoutError, interval, sleep, timeout } from '../src/index.js';
import { block } from './util/index.js';

describe('timers', () => {
  it('a 50 ms sleep wakes after at least 50 ms', () => {
    using reactor = new Reactor();
    const t0 = performance.now();
    block(reactor, sleep(50));
    expect(performance.now() - t0).to.be.at.least(50);
    expect(reactor.timers).to.equal(0);
  });

  it('fire in deadline order, ties in creation order', () => {
    using reactor = new Reactor();
    const order: string[] = [];
    const after = (ms: number, name: string) => coroutine(function* () {
      yield* wait(sleep(ms));
      order.push(name);
    })();
    block(reactor, joinAll([after(30, 'c'), after(10, 'a'), after(20, 'b'), after(10, 'a2'), after(0, 'zero')]));
    expect(order).to.deep.equal(['zero', 'a', 'a2', 'b', 'c']);
  });

  it('10,000 timers all fire, none early, on one timerfd', () => {
    using reactor = new Reactor();
    let early = 0;
    let fired = 0;
    const sleeps: Future<void>[] = [];
    for (let i = 0; i < 10_000; i++) {
      const ms = (i * 7919) % 50;
      sleeps.push(coroutine(function* () {
        const start = performance.now();
        yield* wait(sleep(ms));
        if (performance.now() - start < ms) early++;
        fired++;
      })());
    }
    block(reactor, joinAll(sleeps));
    expect([fired, early]).to.deep.equal([10_000, 0]);
    expect(reactor.timers).to.equal(0);
  });

  it('disposing a sleep cancels its timer', () => {
    using reactor = new Reactor();
    const s = sleep(10_000);
    reactor.enter(() => s.poll(Context.noop()));
    expect(reactor.timers).to.equal(1);
    expect(reactor.isIdle()).to.equal(false);
    s[Symbol.dispose]();
    expect(reactor.timers).to.equal(0);
    expect(reactor.isIdle()).to.equal(true);
  });

  it('timeout(): the inner value in time; TimeoutError (ERR_TIMEOUT) and inner disposed when late', () => {
    using reactor = new Reactor();
    expect(block(reactor, timeout(coroutine(function* () {
      yield* wait(sleep(5));
      return 'fast';
    })(), 1000))).to.equal('fast');
    expect(reactor.timers).to.equal(0);
    const slow = new Trigger<string>();
    const t0 = performance.now();
    expect(() => block(reactor, timeout(slow, 30))).to.throw(TimeoutError).with.property('code', 'ERR_TIMEOUT');
    expect(performance.now() - t0).to.be.at.least(30);
    expect(slow.disposals).to.equal(1);
  });

  it('interval(): fixed-period ticks numbered from 1', () => {
    using reactor = new Reactor();
    const iv = interval(20);
    const t0 = performance.now();
    const ticks = block(reactor, coroutine(function* () {
      const seen: number[] = [];
      for (let i = 0; i < 3; i++) seen.push(yield* wait(iv.tick()));
      return seen;
    })());
    expect(ticks).to.deep.equal([1, 2, 3]);
    expect(performance.now() - t0).to.be.at.least(60);
  });

  it('rejects bad delays with ERR_INVALID_ARG_VALUE', () => {
    for (const ms of [-1, NaN, Infinity]) expect(() => sleep(ms)).to.throw().with.property('code', 'ERR_INVALID_ARG_VALUE');
    expect(() => interval(0)).to.throw().with.property('code', 'ERR_INVALID_ARG_VALUE');
  });

  it('outside any runtime, polling a sleep says ERR_NO_REACTOR', () => {
    expect(() => sleep(1).poll({ waker: null } as never)).to.throw().with.property('code', 'ERR_NO_REACTOR');
  });
});
