import { expect } from 'chai';
import { Context, Poll, coroutine, lazy, ready, wait, type Future } from '../src/index.js';
import { ManualClock, TestExecutor } from '../src/testing/index.js';
import { Trigger } from './util/spy.js';

const cx = Context.noop();

describe('coroutine / wait', () => {
  it('yield* wait(f) is typed as f\'s output, and arguments pass through', () => {
    const greet = coroutine(function* (name: string, times: number) {
      const hello: string = yield* wait(ready('hello'));
      const n: number = yield* wait(ready(times));
      return `${hello} ${name} x${n}`;
    });
    const f: Future<string> = greet('ferrite', 2);
    expect(f.poll(cx)).to.deep.equal(Poll.ready('hello ferrite x2'));
  });

  it('a plain yield (of a value, of a future, or of wait(f) without the *) is a type error', () => {
    // Each @ts-expect-error line fails `tsc` (run by npm test) if that plain yield ever type-checks.
    // @ts-expect-error: yield must go through yield* wait(future)
    const bad = coroutine(function* () { yield 5; return 1; });
    // @ts-expect-error: a plain `yield future` compiles to nothing typed: `yield*` is needed
    const plainFuture = coroutine(function* () { const v = yield ready(5); return v; });
    // @ts-expect-error: `yield wait(f)` (the * forgotten) yields an iterable, not a wait point
    const noStar = coroutine(function* () { yield wait(ready(5)); return 1; });
    expect([bad, plainFuture, noStar].map((f) => typeof f)).to.deep.equal(['function', 'function', 'function']);
  });

  it('does not suspend on children that are Ready at once', () => {
    let steps = 0;
    const f = coroutine(function* () {
      for (let i = 0; i < 1000; i++) steps += yield* wait(ready(1));
      return steps;
    })();
    expect(f.poll(cx)).to.deep.equal(Poll.ready(1000));
  });

  it('suspends at a pending child and resumes where it left off', () => {
    const t = new Trigger<number>();
    const log: string[] = [];
    const f = coroutine(function* () {
      log.push('start');
      const v = yield* wait(t);
      log.push(`got ${v}`);
      return v * 2;
    })();
    expect(f.poll(cx)).to.equal(Poll.PENDING);
    expect(f.poll(cx)).to.equal(Poll.PENDING);
    t.resolve(21);
    expect(f.poll(cx)).to.deep.equal(Poll.ready(42));
    expect(log).to.deep.equal(['start', 'got 21']);
  });

  it('a child\'s error is thrown at its wait point: try/catch/finally work', () => {
    const t = new Trigger<number>();
    const log: string[] = [];
    const f = coroutine(function* () {
      try {
        yield* wait(t);
        log.push('not reached');
      } catch (err) {
        log.push(`caught ${(err as Error).message}`);
      } finally {
        log.push('finally');
      }
      return yield* wait(lazy(() => 'recovered'));
    })();
    f.poll(cx);
    t.reject(new Error('boom'));
    expect(f.poll(cx)).to.deep.equal(Poll.ready('recovered'));
    expect(log).to.deep.equal(['caught boom', 'finally']);
  });

  it('an uncaught error propagates out of poll and finishes the coroutine', () => {
    const f = coroutine(function* () {
      yield* wait(lazy(() => {
        throw new Error('inner');
      }));
      return 1;
    })();
    expect(() => f.poll(cx)).to.throw('inner');
  });

  it('disposing a suspended coroutine disposes the awaited child and runs finally blocks', () => {
    const t = new Trigger<number>();
    const log: string[] = [];
    const f = coroutine(function* () {
      try {
        try {
          yield* wait(t);
        } finally {
          log.push('inner finally');
        }
      } finally {
        log.push('outer finally');
      }
      log.push('not reached');
      return 0;
    })();
    f.poll(cx);
    f[Symbol.dispose]!();
    f[Symbol.dispose]!();
    expect(t.disposals).to.equal(1);
    expect(log).to.deep.equal(['inner finally', 'outer finally']);
  });

  it('a future yielded from a finally during disposal is disposed, not awaited', () => {
    const cleanup = new Trigger<void>();
    const f = coroutine(function* () {
      try {
        yield* wait(new Trigger<number>());
      } finally {
        yield* wait(cleanup);
      }
      return 0;
    })();
    f.poll(cx);
    f[Symbol.dispose]!();
    expect([cleanup.polls, cleanup.disposals]).to.deep.equal([0, 1]);
  });

  it('drives simulated timers through an executor (the chapter 7 shape)', () => {
    const clock = new ManualClock();
    const f = coroutine(function* () {
      yield* wait(clock.sleep(600));
      yield* wait(clock.sleep(400));
      return clock.now;
    })();
    expect(new TestExecutor().block(f, clock)).to.equal(1000);
  });
});
