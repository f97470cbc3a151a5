import { expect } from 'chai';
import { Context, Waker, type WakeTarget } from '../src/index.js';

// An executor's task can be its own context and wake target: no Context or Waker per task.
class Task extends Context implements WakeTarget {
  woken = 0;

  constructor() {
    super();
  }

  wake(): void {
    this.woken++;
  }
}

describe('a Context subclass that is its own wake target', () => {
  it('has a waker that wakes it, made once on first use', () => {
    const task = new Task();
    const w = task.waker;
    expect(task.waker).to.equal(w);
    w.wake();
    w.wakeByRef();
    w.clone().wake();
    expect(task.woken).to.equal(3);
  });

  it('willWake: its waker and Waker.from(task) wake the same task; another task\'s does not', () => {
    const task = new Task();
    expect(task.waker.willWake(Waker.from(task))).to.equal(true);
    expect(task.waker.willWake(new Task().waker)).to.equal(false);
  });

  it('a Context with no waker and no wake() is refused (ERR_INVALID_ARG_TYPE)', () => {
    expect(() => new Context(undefined as unknown as Waker)).to.throw(TypeError).with.property('code', 'ERR_INVALID_ARG_TYPE');
  });
});
