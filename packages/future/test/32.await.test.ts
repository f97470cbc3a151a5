import { expect } from 'chai';
import {
  Context, PENDING, Poll, Waker, andThen, awaitDriver, coroutine, fromPromise, fuse, join, joinAll, lazy, map, pending,
  pollFn, race, ready, registerAwaitDriver, select, toPromise, tryJoinAll, wait, type AwaitDriver, type Future,
} from '../src/index.js';
import { ManualClock, Trigger } from '../src/testing/index.js';

/** A tiny await driver for these tests: polls on setImmediate whenever the future's waker fires. */
let driven = 0;
const testDriver: AwaitDriver = <T>(f: Future<T>) => {
  driven++;
  return new Promise<T>((resolve, reject) => {
    let scheduled = false;
    const cx = new Context(Waker.from(() => {
      if (!scheduled) {
        scheduled = true;
        setImmediate(step);
      }
    }));
    function step() {
      scheduled = false;
      try {
        const p = f.poll(cx);
        if (p !== PENDING) resolve(p.value);
      } catch (err) {
        reject(err);
      }
    }
    step();
  });
};

const codeOf = async (p: PromiseLike<unknown>) => {
  try {
    await p;
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return 'resolved';
};

describe('awaiting a future from Node', () => {
  let saved: AwaitDriver | null;
  beforeEach(() => {
    saved = registerAwaitDriver(null);
    driven = 0;
  });
  afterEach(() => registerAwaitDriver(saved));

  it('with no executor imported, await rejects with ERR_NO_RUNTIME saying what to import (never hangs)', async () => {
    let err: unknown;
    try {
      await ready(1);
    } catch (e) {
      err = e;
    }
    expect(err).to.have.property('code', 'ERR_NO_RUNTIME');
    expect((err as Error).message).to.include("import '@ferrite/executor'");
    expect(await codeOf(coroutine(function* () {
      return 1;
    })())).to.equal('ERR_NO_RUNTIME');
  });

  it('every combinator and leaf is awaitable, typed as its output', async () => {
    registerAwaitDriver(testDriver);
    const clock = new ManualClock();
    const n: number = await ready(1);
    const s: string = await lazy(() => 's');
    const m: number = await map(ready(2), (x) => x * 2);
    const c: number = await andThen(ready(3), (x) => ready(x + 1));
    const j: [number, string] = await join(ready(5), ready('j'));
    const all: number[] = await joinAll([ready(6), ready(7)]);
    const tryAll: number[] = await tryJoinAll([ready(8)]);
    const sel: { index: 0; value: number } | { index: 1; value: string } = await select(ready(9), pending<string>());
    const r: number | string = await race(pending<number>(), ready('race'));
    const fu: number = await fuse(ready(10));
    const pf: number = await pollFn(() => Poll.ready(11));
    const fp: number = await fromPromise(Promise.resolve(12));
    const co: string = await coroutine(function* (x: number) {
      const y = yield* wait(ready(x));
      return `co ${y}`;
    })(13);
    const t = new Trigger<number>();
    setTimeout(() => t.resolve(14), 5);
    const tr: number = await t;
    const sleeping = clock.sleep(10);
    setTimeout(() => clock.advance(10), 5);
    const slept: void = await sleeping;
    expect([n, s, m, c, j, all, tryAll, sel, r, fu, pf, fp, co, tr, slept]).to.deep.equal([
      1, 's', 4, 4, [5, 'j'], [6, 7], [8], { index: 0, value: 9 }, 'race', 10, 11, 12, 'co 13', 14, undefined,
    ]);
  });

  it('then twice (or await twice) runs the future once and gives the same outcome', async () => {
    registerAwaitDriver(testDriver);
    let runs = 0;
    const f = lazy(() => ++runs);
    const [a, b] = await Promise.all([f, f.then((v) => v * 10)]);
    expect([a, b, await f, runs, driven]).to.deep.equal([1, 10, 1, 1, 1]);
    const bad = lazy(() => {
      runs++;
      throw Object.assign(new Error('bad'), { code: 'E_BAD' });
    });
    expect([await codeOf(bad), await codeOf(bad), runs]).to.deep.equal(['E_BAD', 'E_BAD', 2]);
  });

  it('toPromise(f) awaits a future of your own that only implements poll', async () => {
    registerAwaitDriver(testDriver);
    const mine: Future<string> = { poll: () => Poll.ready('mine') };
    const p = toPromise(mine);
    expect(toPromise(mine)).to.equal(p);
    expect(await p).to.equal('mine');
  });

  it('a driver that throws rejects the await instead of throwing from then()', async () => {
    registerAwaitDriver(() => {
      throw Object.assign(new Error('no'), { code: 'E_DRIVER' });
    });
    expect(await codeOf(ready(1))).to.equal('E_DRIVER');
  });

  it('registerAwaitDriver returns the previous driver and refuses a non-function', () => {
    expect(registerAwaitDriver(testDriver)).to.equal(null);
    expect(awaitDriver()).to.equal(testDriver);
    expect(registerAwaitDriver(null)).to.equal(testDriver);
    expect(() => registerAwaitDriver(42 as never)).to.throw().with.property('code', 'ERR_INVALID_ARG_TYPE');
    expect(awaitDriver()).to.equal(null);
  });
});
