import { expect } from 'chai';
import {
  Context, Poll, Waker, andThen, coroutine, fromPromise, fuse, join, joinAll, map, race, select, tryJoinAll, wait,
  type Future,
} from '../src/index.js';
import { Trigger } from './util/spy.js';

const counter = () => {
  const w = { n: 0, waker: Waker.noop() };
  w.waker = Waker.from(() => w.n++);
  return w;
};

// Each combinator wraps one Trigger; the combinator must hand the Trigger the task's waker.
const wrappers: [string, (t: Trigger<number>) => Future<unknown>][] = [
  ['map', (t) => map(t, (x) => x)],
  ['andThen', (t) => andThen(t, (x) => ({ poll: () => Poll.ready(x) }))],
  ['join', (t) => join(t)],
  ['joinAll', (t) => joinAll([t])],
  ['tryJoinAll', (t) => tryJoinAll([t])],
  ['select', (t) => select(t)],
  ['race', (t) => race(t)],
  ['fuse', (t) => fuse(t)],
  ['coroutine', (t) => coroutine(function* () {
    return yield* wait(t);
  })()],
];

describe('contracts 2 and 3: pending futures store the latest waker and wake it', () => {
  for (const [name, wrap] of wrappers) {
    it(`${name}: PENDING stores the waker; only the most recent poll's waker is woken`, () => {
      const t = new Trigger<number>();
      const fut = wrap(t);
      const a = counter();
      const b = counter();
      expect(fut.poll(new Context(a.waker))).to.equal(Poll.PENDING);
      expect(fut.poll(new Context(b.waker))).to.equal(Poll.PENDING);
      t.resolve(7);
      expect(a.n).to.equal(0);
      expect(b.n).to.equal(1);
      expect(Poll.isReady(fut.poll(new Context(b.waker)))).to.equal(true);
    });
  }

  it('fromPromise wakes the most recent waker when the promise settles', async () => {
    let resolve!: (v: number) => void;
    const fut = fromPromise(new Promise<number>((r) => (resolve = r)));
    const a = counter();
    const b = counter();
    expect(fut.poll(new Context(a.waker))).to.equal(Poll.PENDING);
    expect(fut.poll(new Context(b.waker))).to.equal(Poll.PENDING);
    resolve(3);
    await Promise.resolve();
    await Promise.resolve();
    expect([a.n, b.n]).to.deep.equal([0, 1]);
    expect(fut.poll(new Context(b.waker))).to.deep.equal(Poll.ready(3));
  });
});
