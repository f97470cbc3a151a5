import { expect } from 'chai';
import { Context, Poll, race, ready, select, type Future } from '../src/index.js';
import { TestExecutor } from '../src/testing/index.js';
import { Trigger, triggers } from './util/spy.js';

const cx = Context.noop();

describe('select and race', () => {
  it('select: the first to finish wins with its index; the losers are disposed', () => {
    const ex = new TestExecutor();
    const [a, b, c] = triggers(3) as [Trigger<number>, Trigger<number>, Trigger<number>];
    const task = ex.spawn(select(a, b, c));
    ex.runUntilStalled();
    b.resolve(20);
    ex.runUntilStalled();
    expect(task.value).to.deep.equal({ index: 1, value: 20 });
    expect([a.disposals, b.disposals, c.disposals]).to.deep.equal([1, 0, 1]);
  });

  it('select is typed as a union of { index, value }', () => {
    const p = select(ready(1), ready('x')).poll(cx);
    if (!Poll.isReady(p)) throw new Error('expected Ready');
    const r = p.value;
    if (r.index === 0) {
      const n: number = r.value;
      expect(n).to.equal(1);
    } else {
      const s: string = r.value;
      expect.fail(`wrong winner ${s}`);
    }
  });

  it('select(...array) of unknown length is typed { index: number, value: T }, not never', () => {
    const fs: Future<number>[] = [ready(1), ready(2)];
    const p = select(...fs).poll(cx);
    if (!Poll.isReady(p)) throw new Error('expected Ready');
    type IsNever<T> = [T] extends [never] ? true : false;
    const notNever: IsNever<typeof p.value> = false; // fails `tsc` (npm test) while it is never
    const { index, value }: { index: number; value: number } = p.value;
    expect([notNever, index, value]).to.deep.equal([false, 0, 1]);
  });

  it('race: the winner\'s value; on a tie the earlier child wins', () => {
    const f = race(ready('first'), ready('second'));
    expect(f.poll(cx)).to.deep.equal(Poll.ready('first'));
  });

  it('a child that throws ends the race with its error and disposes the others', () => {
    const [a, b] = triggers(2) as [Trigger<number>, Trigger<number>];
    const f = race(a, b);
    f.poll(cx);
    a.reject(new Error('lost'));
    expect(() => f.poll(cx)).to.throw('lost');
    expect(b.disposals).to.equal(1);
  });
});
