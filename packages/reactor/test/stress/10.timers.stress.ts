// 100,000 timers with random delays, huge, NaN, negative and non-numbers among them: every
// valid one fires (those past 2^53 ms never do, and are cancelled), every invalid one is a coded
// error at the call, and the reactor is neither poisoned nor left holding anything.
import { expect } from 'chai';
import fc from 'fast-check';
import { Context, Poll, dispose, type Future } from '@ferrite/future';
import { Reactor, sleep } from '../../src/index.js';
import { block, fdCount } from '../util/index.js';

const COUNT = Number(process.env.STRESS_TIMERS ?? 100_000);
const NEVER = 2 ** 53; // a deadline past this many ms never comes

const delay = fc.oneof(
  { weight: 20, arbitrary: fc.double({ min: 0, max: 49, noNaN: true }) },
  { weight: 2, arbitrary: fc.constantFrom(NaN, -1, -0.5, -Infinity, Infinity) },
  { weight: 2, arbitrary: fc.double({ min: NEVER, max: Number.MAX_VALUE, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('5', null, undefined, {}, 5n) },
);

describe('stress: 100,000 timers with random delays', function () {
  this.timeout(300_000);

  it(`${COUNT} sleeps: valid ones fire, huge ones never do, bad ones are refused; nothing poisoned`, () => {
    const fds = fdCount();
    using reactor = new Reactor();
    const delays = fc.sample(delay, { numRuns: COUNT, seed: 20261126 });
    const waiting: Future<void>[] = [];
    const never: Future<void>[] = [];
    const refused = new Map<string, number>();
    let maxValid = 0;
    for (const ms of delays) {
      let s: Future<void>;
      try {
        s = sleep(ms as number);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        expect(code, `sleep(${String(ms)})`).to.be.a('string');
        refused.set(code as string, (refused.get(code as string) ?? 0) + 1);
        continue;
      }
      if ((ms as number) >= NEVER) never.push(s);
      else {
        waiting.push(s);
        maxValid = Math.max(maxValid, ms as number);
      }
      expect(reactor.enter(() => s.poll(Context.noop()))).to.equal(Poll.PENDING);
    }
    expect(reactor.timers).to.equal(waiting.length + never.length);
    // Every valid timer fires within its delay plus scheduling slack.
    const t0 = performance.now();
    const pending = new Set(waiting);
    const deadline = t0 + maxValid + 5_000;
    while (pending.size > 0 && performance.now() < deadline) {
      reactor.turn(10);
      for (const s of pending) if (reactor.enter(() => s.poll(Context.noop())) !== Poll.PENDING) pending.delete(s);
    }
    expect(pending.size, 'valid timers that did not fire').to.equal(0);
    // Those that never fire are still pending, and cancelling them leaves an empty heap.
    for (const s of never) expect(reactor.enter(() => s.poll(Context.noop()))).to.equal(Poll.PENDING);
    for (const s of never) dispose(s);
    expect(reactor.timers).to.equal(0);
    // Not poisoned: a plain sleep still works.
    block(reactor, sleep(1));
    reactor.close();
    expect(fdCount()).to.equal(fds);
    expect([...refused.keys()].every((c) => /^ERR_INVALID_ARG_(TYPE|VALUE)$/.test(c)), [...refused.keys()].join()).to.equal(true);
    console.log(`      ${waiting.length} fired, ${never.length} never due, ${[...refused.values()].reduce((a, b) => a + b, 0)} refused`);
  });
});
