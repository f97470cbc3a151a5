import { expect } from 'chai';
import {
  andThen, coroutine, fromPromise, fuse, join, joinAll, lazy, map, pollFn, race, ready, select, tryJoinAll, wait, Poll,
  type Future,
} from '../src/index.js';
import { TestExecutor } from '../src/testing/index.js';
import { Trigger } from './util/spy.js';

describe('contract 1: laziness', () => {
  it('creating any future or coroutine has no side effect before its first poll', () => {
    let effects = 0;
    const effect = () => {
      effects++;
      return 1;
    };
    const child = () => new Trigger<number>();
    const children: Trigger<number>[] = [];
    const track = (t: Trigger<number>) => (children.push(t), t);
    let thenable = 0;
    const made: Future<unknown>[] = [
      lazy(effect),
      pollFn(() => Poll.ready(effect())),
      map(track(child()), effect),
      andThen(track(child()), () => lazy(effect)),
      join(track(child()), lazy(effect)),
      joinAll([track(child()), lazy(effect)]),
      tryJoinAll([track(child()), lazy(effect)]),
      select(track(child()), lazy(effect)),
      race(track(child()), lazy(effect)),
      fuse(lazy(effect)),
      coroutine(function* () {
        effect();
        return yield* wait(ready(1));
      })(),
      fromPromise({ then: () => void thenable++ } as unknown as PromiseLike<number>),
    ];
    expect(made).to.have.length(12);
    expect(effects).to.equal(0);
    expect(thenable, 'fromPromise subscribes only when polled').to.equal(0);
    expect(children.map((c) => c.polls)).to.deep.equal([0, 0, 0, 0, 0, 0, 0]);
  });

  it('a coroutine does not even call its generator function before the first poll', () => {
    let calls = 0;
    const body = function* () {
      return 1;
    };
    const make = coroutine(() => {
      calls++;
      return body();
    });
    const fut = make();
    expect(calls).to.equal(0);
    expect(new TestExecutor().block(fut)).to.equal(1);
    expect(calls).to.equal(1);
  });
});
