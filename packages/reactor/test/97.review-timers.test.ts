import { expect } from 'chai';
import { Context, PENDING, POLL_JOINED, Waker, coroutine, dispose, joinAll, race, ready, wait, type JoinSlot } from '@ferrite/future';
import { Reactor, interval, sleep, sleepUntil, type Sleep } from '../src/index.js';
import { block, fdCount } from './util/index.js';

// Review of "a Sleep is its own timer entry" (equal deadlines ordered by the stable sort, five
// fields, 'fired' a bucket): order, waker replacement, cancellation and counts as promised before.

/** Turns `reactor` until `done()` (bounded by turns, not by time). */
const turnUntil = (reactor: Reactor, done: () => boolean) => {
  for (let i = 0; i < 10_000 && !done(); i++) reactor.turn(50);
  expect(done()).to.equal(true);
};

const cxOf = (fn: () => void) => new Context(Waker.from(fn));

/** A sleep until `deadline` in `reactor`, armed by a first poll whose waker calls `onWake`. */
const armed = (reactor: Reactor, deadline: number, onWake: () => void): Sleep => {
  const s = sleepUntil(deadline, { reactor });
  expect(s.poll(cxOf(onWake))).to.equal(PENDING);
  return s;
};

describe('review: Sleep as its own timer entry', () => {
  it('equal deadlines fire first-in first-out through an unsorted bucket, cancellations and a compaction', () => {
    using reactor = new Reactor();
    const base = Math.floor(performance.now()) + 30;
    const fired: string[] = [];
    const at = (deadline: number, name: string) => armed(reactor, deadline, () => fired.push(name));
    const late = Array.from({ length: 300 }, (_, i) => at(base + 0.7, `late${i}`));
    // Earlier in the same millisecond, added after: the bucket has to be sorted, stably.
    const early = Array.from({ length: 100 }, (_, i) => at(base + 0.2, `early${i}`));
    // Most of the late ones cancelled (more than 64 entries, under half live: compacted).
    for (let i = 0; i < 300; i++) if (i % 5 !== 0) dispose(late[i]!);
    for (let i = 0; i < 50; i++) if (i % 2 === 1) dispose(early[i]!);
    const more = Array.from({ length: 20 }, (_, i) => at(base + 0.7, `more${i}`));
    expect(reactor.timers).to.equal(60 + 75 + 20);
    turnUntil(reactor, () => reactor.timers === 0);
    const expected = [
      ...Array.from({ length: 100 }, (_, i) => i).filter((i) => i >= 50 || i % 2 === 0).map((i) => `early${i}`),
      ...Array.from({ length: 60 }, (_, k) => `late${5 * k}`),
      ...more.map((_, i) => `more${i}`),
    ];
    expect(fired).to.deep.equal(expected);
  });

  it('ties fire in first-poll order even when the sleeps were made in another order', () => {
    using reactor = new Reactor();
    const d = Math.floor(performance.now()) + 20.5;
    const fired: number[] = [];
    const sleeps = Array.from({ length: 10 }, () => sleepUntil(d, { reactor }));
    for (const i of [3, 1, 4, 0, 9, 2, 6, 5, 8, 7]) sleeps[i]!.poll(cxOf(() => fired.push(i)));
    turnUntil(reactor, () => fired.length === 10);
    expect(fired).to.deep.equal([3, 1, 4, 0, 9, 2, 6, 5, 8, 7]);
  });

  it('a sleep dropped before its first poll leaves no timer; the reactor stays idle', () => {
    using reactor = new Reactor();
    const s = sleepUntil(performance.now() + 5, { reactor });
    dispose(s);
    dispose(sleep(5));
    expect(reactor.timers).to.equal(0);
    expect(reactor.isIdle()).to.equal(true);
    expect(() => s.poll(cxOf(() => {}))).to.throw().with.property('code', 'ERR_POLLED_AFTER_COMPLETION');
  });

  it('re-polled with a new waker, only the newest is woken; a join slot then a waker, the waker; a waker then a join slot, the slot', () => {
    using reactor = new Reactor();
    const d = performance.now() + 3;
    const woken: string[] = [];
    const a = armed(reactor, d, () => woken.push('a-old'));
    a.poll(cxOf(() => woken.push('a-new')));
    const marked: string[] = [];
    const join = (name: string): JoinSlot => ({ markReady: (i) => void marked.push(`${name}:${i}`) });
    const b = sleepUntil(d, { reactor });
    expect(b[POLL_JOINED](join('b'), 7)).to.equal(PENDING);
    b.poll(cxOf(() => woken.push('b-waker')));
    const c = armed(reactor, d, () => woken.push('c-waker'));
    expect(c[POLL_JOINED](join('c'), 2)).to.equal(PENDING);
    turnUntil(reactor, () => reactor.timers === 0);
    expect(woken).to.deep.equal(['a-new', 'b-waker']);
    expect(marked).to.deep.equal(['c:2']);
    for (const s of [a, b, c]) expect(s.poll(cxOf(() => {}))).to.not.equal(PENDING);
  });

  it('sleepUntil in the past: pending at its first poll, ready after the next turn', () => {
    using reactor = new Reactor();
    for (const past of [performance.now() - 1, performance.now() - 5000, 0, -1e12]) {
      let woken = 0;
      const s = armed(reactor, past, () => woken++);
      turnUntil(reactor, () => woken === 1);
      expect(s.poll(cxOf(() => {}))).to.not.equal(PENDING);
    }
    expect(reactor.timers).to.equal(0);
  });

  it('cancel, then a new sleep for the same deadline: only the new one fires', () => {
    using reactor = new Reactor();
    const d = performance.now() + 2;
    const woken: string[] = [];
    dispose(armed(reactor, d, () => woken.push('cancelled')));
    expect(reactor.timers).to.equal(0);
    armed(reactor, d, () => woken.push('rearmed'));
    turnUntil(reactor, () => reactor.timers === 0);
    expect(woken).to.deep.equal(['rearmed']);
  });

  it('a waker that arms a new sleep while due timers fire: the rest of the millisecond fires, later turns work', () => {
    using reactor = new Reactor();
    const base = Math.floor(performance.now()) + 5;
    const fired: string[] = [];
    const later = sleepUntil(performance.now() + 60_000, { reactor });
    // A waker may poll synchronously (Waker.from): arming `later` then re-arms the timerfd mid-walk.
    armed(reactor, base + 0.1, () => {
      fired.push('a');
      later.poll(cxOf(() => {}));
    });
    armed(reactor, base + 0.2, () => fired.push('b'));
    turnUntil(reactor, () => fired.length === 2);
    expect(fired).to.deep.equal(['a', 'b']);
    expect(reactor.turn(0)).to.equal(0);
    expect(reactor.timers).to.equal(1);
    dispose(later);
  });

  it('100,000 pending sleeps, then all dropped: no timer left, idle, no fd left after close', () => {
    const fds = fdCount();
    const reactor = new Reactor();
    const noop = cxOf(() => {});
    const sleeps: Sleep[] = [];
    const base = performance.now() + 60_000;
    for (let i = 0; i < 100_000; i++) {
      const s = i % 2 === 0 ? sleepUntil(base + (i % 977), { reactor }) : sleepUntil(base + 5, { reactor });
      s.poll(noop);
      sleeps.push(s);
    }
    expect(reactor.timers).to.equal(100_000);
    expect(reactor.isIdle()).to.equal(false);
    for (let i = sleeps.length - 1; i >= 0; i--) dispose(sleeps[i]!);
    expect(reactor.timers).to.equal(0);
    expect(reactor.isIdle()).to.equal(true);
    reactor.close();
    expect(fdCount()).to.equal(fds);
  });

  it('a joined sleep whose join is dropped mid-wait (it lost a race) cancels its timer', () => {
    using reactor = new Reactor();
    const out = block(reactor, coroutine(function* () {
      const v = yield* wait(race(joinAll([sleep(60_000), sleep(60_000), ready(undefined)]), sleep(1)));
      return [v, reactor.timers];
    })());
    expect(out).to.deep.equal([undefined, 0]);
    expect(reactor.timers).to.equal(0);
  });

  it('interval(): ticks 1, 2, 3 in order; a tick dropped mid-wait leaves no timer', () => {
    using reactor = new Reactor();
    const it = interval(2);
    const ticks = block(reactor, coroutine(function* () {
      return [yield* wait(it.tick()), yield* wait(it.tick()), yield* wait(it.tick())];
    })());
    expect(ticks).to.deep.equal([1, 2, 3]);
    // The dropped tick on an interval of its own with a period no turn takes: on interval(2) the
    // 4th deadline could pass before the poll (the 3rd fires up to 1 ms late), a flaky PENDING.
    const slow = interval(200);
    const t = slow.tick();
    block(reactor, coroutine(function* () {
      expect(t.poll(cxOf(() => {}))).to.equal(PENDING);
      yield* wait(ready(undefined));
    })());
    expect(reactor.timers).to.equal(1);
    dispose(t);
    expect(reactor.timers).to.equal(0);
    expect(block(reactor, slow.tick()), 'the dropped tick took no number').to.equal(1);
    expect(block(reactor, it.tick())).to.equal(4);
  });
});
