import { expect } from 'chai';
import {
  Context, Poll, PolledAfterCompletion, andThen, coroutine, fromPromise, fuse, join, joinAll, lazy, map, pollFn, race,
  ready, select, tryJoinAll, type Future,
} from '../src/index.js';

const cx = Context.noop();
const makers: [string, () => Future<unknown>][] = [
  ['ready', () => ready(1)],
  ['lazy', () => lazy(() => 1)],
  ['pollFn', () => pollFn(() => Poll.ready(1))],
  ['map', () => map(ready(1), (x) => x + 1)],
  ['andThen', () => andThen(ready(1), (x) => ready(x + 1))],
  ['join', () => join(ready(1), ready(2))],
  ['joinAll', () => joinAll([ready(1)])],
  ['tryJoinAll', () => tryJoinAll([ready(1)])],
  ['select', () => select(ready(1))],
  ['race', () => race(ready(1))],
  ['coroutine', () => coroutine(function* () {
    return 1;
  })()],
];

describe('contract 7: polling after completion', () => {
  for (const [name, make] of makers) {
    it(`${name}: a second poll after Ready throws PolledAfterCompletion`, () => {
      const f = make();
      expect(Poll.isReady(f.poll(cx))).to.equal(true);
      expect(() => f.poll(cx)).to.throw(PolledAfterCompletion).with.property('code', 'ERR_POLLED_AFTER_COMPLETION');
    });
  }

  it('fromPromise too', async () => {
    const f = fromPromise(Promise.resolve(1));
    f.poll(cx);
    await Promise.resolve();
    expect(f.poll(cx)).to.deep.equal(Poll.ready(1));
    expect(() => f.poll(cx)).to.throw(PolledAfterCompletion);
  });

  it('fuse() makes later polls return PENDING instead', () => {
    const f = fuse(ready(1));
    expect(f.isTerminated()).to.equal(false);
    expect(f.poll(cx)).to.deep.equal(Poll.ready(1));
    expect(f.isTerminated()).to.equal(true);
    expect(f.poll(cx)).to.equal(Poll.PENDING);
    expect(f.poll(cx)).to.equal(Poll.PENDING);
  });

  it('a future that threw is finished as well', () => {
    const f = lazy(() => {
      throw new Error('boom');
    });
    expect(() => f.poll(cx)).to.throw('boom');
    expect(() => f.poll(cx)).to.throw(PolledAfterCompletion);
  });
});
