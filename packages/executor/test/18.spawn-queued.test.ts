import { expect } from 'chai';
import { coroutine, joinAll, pollFn, Poll, wait } from '@ferrite/future';
import { spawn, yieldNow, type JoinHandle } from '../src/index.js';
import { MODES, freshRuntime } from './util/modes.js';

// spawn() puts a new task straight into the ready queue, made QUEUED (it does not go through
// wake()), and the batch clears QUEUED as it takes a task off the queue: the facts those two
// shortcuts must keep.

/** The task's own wake (what its waker calls), reached from outside as a waker would. */
const wakeTask = (h: JoinHandle<unknown>) => (h as unknown as { wake(): void }).wake();

for (const mode of MODES) {
  describe(`a spawned task is queued once (${mode.name})`, () => {
    const each = freshRuntime();

    it('woken before its first poll, it is polled once, and not again until woken after it', async () => {
      let polls = 0;
      let later: (() => void) | null = null;
      const order: string[] = [];
      await mode.exec(each.rt, coroutine(function* () {
        const a = spawn(pollFn((cx) => {
          polls++;
          order.push('a');
          if (polls > 1) return Poll.ready('a');
          later = () => cx.waker.wake();
          return Poll.PENDING;
        }));
        const b = spawn(pollFn(() => (order.push('b'), Poll.ready('b'))));
        wakeTask(a);
        wakeTask(a);
        for (let i = 0; i < 3; i++) yield* wait(yieldNow());
        expect(polls).to.equal(1); // a second queue entry would have polled it again by now
        expect(order).to.deep.equal(['a', 'b']); // FIFO: the extra wakes did not move a behind b
        later!();
        expect(yield* wait(joinAll([a, b]))).to.deep.equal(['a', 'b']);
      })());
      expect(polls).to.equal(2);
      expect(each.rt.tasks).to.equal(0);
    });

    it('once taken off the queue, a task can be queued again by a wake (each wake then a poll)', async () => {
      let polls = 0;
      let woken = 0;
      await mode.exec(each.rt, coroutine(function* () {
        const h = spawn(pollFn((cx) => {
          polls++;
          if (woken === 3) return Poll.ready(polls);
          woken++;
          cx.waker.wake(); // from inside its own poll: after it was taken off the queue
          return Poll.PENDING;
        }));
        expect(yield* wait(h)).to.equal(4);
      })());
      expect(polls).to.equal(4);
    });

    it('aborted while queued and never polled, its future is disposed and never polled', async () => {
      let polls = 0;
      let disposed = 0;
      await mode.exec(each.rt, coroutine(function* () {
        const h = spawn({ poll: () => (polls++, Poll.ready(1)), [Symbol.dispose]: () => void disposed++ });
        h.abort();
        wakeTask(h); // a finished task ignores a wake
        yield* wait(yieldNow());
        expect(h.isFinished()).to.equal(true);
      })());
      expect(polls).to.equal(0);
      expect(disposed).to.equal(1);
      expect(each.rt.tasks).to.equal(0);
    });
  });
}
