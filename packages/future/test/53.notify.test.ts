import { expect } from 'chai';
import { Notify, Poll, coroutine, race, wait } from '../src/index.js';
import { TestExecutor, Trigger } from '../src/testing/index.js';
import { INSPECT, Spy, spies } from './util/sync.js';

describe('Notify', () => {
  it('notifyOne with nobody waiting stores one permit (only one) for the next notified()', () => {
    const n = new Notify();
    n.notifyOne();
    n.notifyOne();
    const task = new Spy();
    expect(task.poll(n.notified())).to.deep.equal(Poll.ready(undefined));
    expect(task.poll(n.notified())).to.equal(Poll.PENDING);
  });

  it('notifyOne wakes only the longest-waiting notified()', () => {
    const n = new Notify();
    const ts = spies(3);
    const fs = ts.map((t) => {
      const f = n.notified();
      t.poll(f);
      return f;
    });
    n.notifyOne();
    expect(ts.map((t) => t.wakes)).to.deep.equal([1, 0, 0]);
    expect(ts.map((t, i) => Poll.isReady(t.poll(fs[i]!)))).to.deep.equal([true, false, false]);
    n.notifyOne();
    expect(ts.map((t) => t.wakes)).to.deep.equal([1, 1, 0]);
    expect(n[INSPECT]()).to.deep.equal({ permit: false, waiting: 1 });
  });

  it('only the latest poll\'s waker is woken', () => {
    const n = new Notify();
    const [a, b] = spies(2);
    const f = n.notified();
    a.poll(f);
    b.poll(f);
    n.notifyOne();
    expect([a.wakes, b.wakes]).to.deep.equal([0, 1]);
  });

  it('notifyWaiters wakes every waiter and stores no permit', () => {
    const n = new Notify();
    const ts = spies(3);
    const fs = ts.map((t) => {
      const f = n.notified();
      t.poll(f);
      return f;
    });
    n.notifyWaiters();
    expect(ts.map((t) => t.wakes)).to.deep.equal([1, 1, 1]);
    expect(ts.every((t, i) => Poll.isReady(t.poll(fs[i]!)))).to.equal(true);
    expect(new Spy().poll(n.notified())).to.equal(Poll.PENDING);
  });

  it('notifyWaiters reaches futures created before it but not yet polled; not later ones', () => {
    const n = new Notify();
    const before = n.notified();
    n.notifyWaiters();
    const after = n.notified();
    expect(new Spy().poll(before)).to.deep.equal(Poll.ready(undefined));
    expect(new Spy().poll(after)).to.equal(Poll.PENDING);
  });

  it('check-then-wait in a coroutine cannot miss a notification', () => {
    const n = new Notify();
    const state = { ready: false };
    const ex = new TestExecutor();
    const waiter = ex.spawn(coroutine(function* () {
      let waits = 0;
      while (!state.ready) {
        yield* wait(n.notified());
        waits++;
      }
      return waits;
    })());
    ex.runUntilStalled();
    n.notifyOne(); // a spurious notification: the waiter re-checks and waits again
    ex.runUntilStalled();
    state.ready = true;
    n.notifyOne();
    ex.runUntilStalled();
    expect(waiter.value).to.equal(2);
  });
});

describe('Notify: cancellation safety', () => {
  it('a disposed waiting notified() leaves the queue', () => {
    const n = new Notify();
    const f = n.notified();
    new Spy().poll(f);
    f[Symbol.dispose]!();
    expect(n[INSPECT]().waiting).to.equal(0);
    n.notifyOne();
    expect(n[INSPECT]().permit, 'nobody waits: the notification is stored').to.equal(true);
  });

  it('a notified() chosen by notifyOne and disposed unpolled passes it to the next waiter', () => {
    const n = new Notify();
    const [a, b] = spies(2);
    const fa = n.notified();
    const fb = n.notified();
    a.poll(fa);
    b.poll(fb);
    n.notifyOne();
    fa[Symbol.dispose]!();
    expect(b.wakes).to.equal(1);
    expect(b.poll(fb)).to.deep.equal(Poll.ready(undefined));
  });

  it('... or back as the stored permit when nobody else waits', () => {
    const n = new Notify();
    const f = n.notified();
    new Spy().poll(f);
    n.notifyOne();
    f[Symbol.dispose]!();
    expect(n[INSPECT]().permit).to.equal(true);
    expect(new Spy().poll(n.notified())).to.deep.equal(Poll.ready(undefined));
  });

  it('one woken by notifyWaiters and disposed leaves no permit behind', () => {
    const n = new Notify();
    const f = n.notified();
    new Spy().poll(f);
    n.notifyWaiters();
    f[Symbol.dispose]!();
    expect(n[INSPECT]()).to.deep.equal({ permit: false, waiting: 0 });
  });

  it('notified() as the loser of a race passes the notification on', () => {
    const n = new Notify();
    const timeout = new Trigger<'timeout'>();
    const [racer, other] = spies(2);
    const r = race(timeout, n.notified());
    racer.poll(r);
    const o = n.notified();
    other.poll(o);
    n.notifyOne(); // chooses the racer's notified()...
    timeout.resolve('timeout'); // ...which loses the tie
    expect(racer.poll(r)).to.deep.equal(Poll.ready('timeout'));
    expect(other.wakes).to.equal(1);
    expect(other.poll(o)).to.deep.equal(Poll.ready(undefined));
  });
});
