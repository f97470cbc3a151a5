import { expect } from 'chai';
import {
  Context, Poll, andThen, coroutine, fuse, join, joinAll, map, pollFn, race, select, tryJoinAll, wait, type Future,
} from '../src/index.js';
import { Trigger } from './util/spy.js';

const cx = Context.noop();

// Every combinator over one or two pending children: disposing the parent disposes each child once.
const cases: [string, (a: Trigger<number>, b: Trigger<number>) => Future<unknown>][] = [
  ['map', (a) => map(a, (x) => x)],
  ['andThen (first stage)', (a) => andThen(a, () => a)],
  ['join', (a, b) => join(a, b)],
  ['joinAll', (a, b) => joinAll([a, b])],
  ['tryJoinAll', (a, b) => tryJoinAll([a, b])],
  ['select', (a, b) => select(a, b)],
  ['race', (a, b) => race(a, b)],
  ['fuse', (a) => fuse(a)],
  ['coroutine', (a) => coroutine(function* () {
    return yield* wait(a);
  })()],
  ['nested', (a, b) => map(joinAll([race(a, fuse(b))]), (x) => x)],
];

describe('contract 9: disposal propagates through every combinator, exactly once', () => {
  for (const [name, make] of cases) {
    it(name, () => {
      const a = new Trigger<number>();
      const b = new Trigger<number>();
      const f = make(a, b);
      expect(f.poll(cx)).to.equal(Poll.PENDING);
      f[Symbol.dispose]!();
      f[Symbol.dispose]!();
      expect(a.disposals).to.equal(1);
      if (b.polls > 0) expect(b.disposals).to.equal(1);
    });
  }

  it('andThen (second stage) disposes the second future, not the finished first', () => {
    const a = new Trigger<number>();
    const second = new Trigger<number>();
    const f = andThen(a, () => second);
    f.poll(cx);
    a.resolve(1);
    expect(f.poll(cx)).to.equal(Poll.PENDING);
    f[Symbol.dispose]!();
    expect([a.disposals, second.disposals]).to.deep.equal([0, 1]);
  });

  it('pollFn runs its onDispose once, and not after completion', () => {
    let n = 0;
    const f = pollFn(() => Poll.PENDING, () => n++);
    f.poll(cx);
    f[Symbol.dispose]!();
    f[Symbol.dispose]!();
    expect(n).to.equal(1);
    const done = pollFn(() => Poll.ready(1), () => n++);
    done.poll(cx);
    done[Symbol.dispose]!();
    expect(n).to.equal(1);
  });

  it('children never polled are disposed too (an abandoned join)', () => {
    const a = new Trigger<number>();
    const b = new Trigger<number>();
    const f = joinAll([a, b]);
    f[Symbol.dispose]!();
    expect([a.disposals, b.disposals]).to.deep.equal([1, 1]);
  });

  it('a completed future is not disposed by its parent', () => {
    const a = new Trigger<number>();
    const b = new Trigger<number>();
    const f = joinAll([a, b]);
    f.poll(cx);
    a.resolve(1);
    f.poll(cx);
    f[Symbol.dispose]!();
    expect([a.disposals, b.disposals]).to.deep.equal([0, 1]);
  });
});
