import { expect } from 'chai';
import { Context, Waker } from '../src/index.js';

describe('Waker and Context', () => {
  it('from(fn) calls fn on wake() and wakeByRef()', () => {
    let n = 0;
    const w = Waker.from(() => n++);
    w.wake();
    w.wakeByRef();
    w.clone().wake();
    expect(n).to.equal(3);
  });

  it('from(target) calls target.wake() with no closure per task', () => {
    const task = { woken: 0, wake() { this.woken++; } };
    Waker.from(task).wake();
    expect(task.woken).to.equal(1);
  });

  it('willWake: true for a clone of the same waker, false for another task\'s', () => {
    const fn = () => {};
    const a = Waker.from(fn);
    expect(a.willWake(a)).to.equal(true);
    expect(a.willWake(a.clone())).to.equal(true);
    expect(a.clone().willWake(a)).to.equal(true);
    expect(a.willWake(Waker.from(() => {}))).to.equal(false);
    const task = { wake() {} };
    expect(Waker.from(task).willWake(Waker.from(task))).to.equal(true);
    expect(Waker.from(task).willWake(Waker.from({ wake() {} }))).to.equal(false);
  });

  it('noop() does nothing and Context carries its waker', () => {
    expect(() => Waker.noop().wake()).not.to.throw();
    const w = Waker.from(() => {});
    expect(new Context(w).waker).to.equal(w);
    expect(Context.noop().waker.willWake(Waker.noop())).to.equal(true);
  });
});
