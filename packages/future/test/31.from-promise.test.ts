import { expect } from 'chai';
import { Context, Poll, Waker, fromPromise } from '../src/index.js';

const flush = () => new Promise<void>((r) => setImmediate(r));

describe('fromPromise', () => {
  it('completes with the value, woken from the promise callback', async () => {
    let woken = 0;
    const cx = new Context(Waker.from(() => woken++));
    const f = fromPromise(new Promise<string>((r) => setTimeout(() => r('v'), 5)));
    expect(f.poll(cx)).to.equal(Poll.PENDING);
    await new Promise((r) => setTimeout(r, 20));
    expect(woken).to.equal(1);
    expect(f.poll(cx)).to.deep.equal(Poll.ready('v'));
  });

  it('throws the rejection from poll', async () => {
    const f = fromPromise(Promise.reject(new Error('no')));
    f.poll(Context.noop());
    await flush();
    expect(() => f.poll(Context.noop())).to.throw('no');
  });

  it('a disposed future ignores a late settlement and wakes nobody', async () => {
    let woken = 0;
    let resolve!: (v: number) => void;
    const f = fromPromise(new Promise<number>((r) => (resolve = r)));
    f.poll(new Context(Waker.from(() => woken++)));
    f[Symbol.dispose]();
    resolve(1);
    await flush();
    expect(woken).to.equal(0);
  });
});
