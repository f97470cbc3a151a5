import { expect } from 'chai';
import { FutureError, Poll, PolledAfterCompletion, coroutine, oneshot, race, wait } from '../src/index.js';
import { TestExecutor, Trigger } from '../src/testing/index.js';
import { Spy } from './util/sync.js';

describe('oneshot', () => {
  it('a value sent before the first poll is Ready at once; send says the receiver may take it', () => {
    const [tx, rx] = oneshot<number>();
    expect(tx.send(7)).to.equal(true);
    expect(new Spy().poll(rx)).to.deep.equal(Poll.ready(7));
  });

  it('a waiting receiver is woken once by send and then Ready', () => {
    const [tx, rx] = oneshot<string>();
    const task = new Spy();
    expect(task.poll(rx)).to.equal(Poll.PENDING);
    expect(task.wakes).to.equal(0);
    tx.send('hi');
    expect(task.wakes).to.equal(1);
    expect(task.poll(rx)).to.deep.equal(Poll.ready('hi'));
  });

  it('only the waker of the latest poll is woken', () => {
    const [tx, rx] = oneshot<number>();
    const [a, b] = [new Spy(), new Spy()];
    a.poll(rx);
    b.poll(rx);
    tx.send(1);
    expect([a.wakes, b.wakes]).to.deep.equal([0, 1]);
  });

  it('a sender closed without sending fails the receiver with ERR_CLOSED', () => {
    const [tx, rx] = oneshot<number>();
    const task = new Spy();
    task.poll(rx);
    tx.close();
    tx.close();
    expect(task.wakes).to.equal(1);
    expect(() => task.poll(rx)).to.throw(FutureError, /without sending/).with.property('code', 'ERR_CLOSED');
  });

  it('a sender leaving a `using` block unsent closes it; after send, close is a no-op', () => {
    const [tx1, rx1] = oneshot<number>();
    {
      using _tx = tx1;
    }
    expect(() => new Spy().poll(rx1)).to.throw(FutureError).with.property('code', 'ERR_CLOSED');

    const [tx2, rx2] = oneshot<number>();
    {
      using tx = tx2;
      tx.send(5);
    }
    expect(new Spy().poll(rx2)).to.deep.equal(Poll.ready(5));
  });

  it('a sender sends once: a second send, or a send after close, throws ERR_CLOSED', () => {
    const [tx, rx] = oneshot<number>();
    tx.send(1);
    expect(() => tx.send(2)).to.throw(FutureError, /already sent/).with.property('code', 'ERR_CLOSED');
    expect(new Spy().poll(rx)).to.deep.equal(Poll.ready(1));
    const [closed] = oneshot<number>();
    closed.close();
    expect(() => closed.send(1)).to.throw(FutureError).with.property('code', 'ERR_CLOSED');
  });

  it('send after the receiver is gone returns false, and isClosed says so beforehand', () => {
    const [tx, rx] = oneshot<number>();
    expect(tx.isClosed).to.equal(false);
    rx[Symbol.dispose]();
    expect(tx.isClosed).to.equal(true);
    expect(tx.send(1)).to.equal(false);
  });

  it('a receiver dropped by race closes the channel (the producer can stop early)', () => {
    const [tx, rx] = oneshot<number>();
    const timeout = new Trigger<string>();
    const r = race(rx, timeout);
    const task = new Spy();
    expect(task.poll(r)).to.equal(Poll.PENDING);
    timeout.resolve('late');
    expect(task.poll(r)).to.deep.equal(Poll.ready('late'));
    expect(tx.isClosed).to.equal(true);
    expect(tx.send(1)).to.equal(false);
  });

  it('close() on the receiver drops a value sent but not taken', () => {
    const [tx, rx] = oneshot<object>();
    tx.send({ big: true });
    rx.close();
    expect(rx.finished).to.equal(true);
  });

  it('the receiver is a finished future once Ready: polling it again throws', () => {
    const [tx, rx] = oneshot<number>();
    tx.send(1);
    const task = new Spy();
    task.poll(rx);
    expect(() => task.poll(rx)).to.throw(PolledAfterCompletion);
  });

  it('request/reply between two tasks of an executor', () => {
    const ex = new TestExecutor();
    const [tx, rx] = oneshot<number>();
    const input = new Trigger<number>();
    const worker = ex.spawn(coroutine(function* () {
      using reply = tx;
      reply.send((yield* wait(input)) * 2);
    })());
    const asker = ex.spawn(coroutine(function* () {
      return yield* wait(rx);
    })());
    ex.runUntilStalled();
    input.resolve(21);
    ex.runUntilStalled();
    expect([worker.done, asker.value]).to.deep.equal([true, 42]);
  });

  it('a worker cancelled before replying fails the asker instead of hanging it', () => {
    const ex = new TestExecutor();
    const [tx, rx] = oneshot<number>();
    const worker = coroutine(function* () {
      using _reply = tx;
      yield* wait(new Trigger<void>());
      return 0;
    })();
    ex.spawn(worker);
    const asker = ex.spawn(rx);
    ex.runUntilStalled();
    expect(asker.done).to.equal(false);
    worker[Symbol.dispose]!(); // runs the coroutine's `using`: the sender closes
    ex.runUntilStalled();
    expect(asker.failed).to.equal(true);
    expect(asker.error).to.be.instanceOf(FutureError).with.property('code', 'ERR_CLOSED');
  });
});
