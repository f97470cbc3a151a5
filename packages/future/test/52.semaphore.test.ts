import { expect } from 'chai';
import { FutureError, Poll, Semaphore, coroutine, race, wait, type Permit } from '../src/index.js';
import { TestExecutor, Trigger } from '../src/testing/index.js';
import { INSPECT, Spy, spies } from './util/sync.js';

const permitOf = (p: Poll<Permit>): Permit => {
  if (p === Poll.PENDING) throw new Error('expected a permit');
  return p.value;
};

describe('Semaphore: arguments', () => {
  for (const [name, call] of [
    ['new Semaphore(permits)', (v: unknown) => new Semaphore(v as number)],
    ['acquire(n)', (v: unknown) => new Semaphore(1).acquire(v as number)],
    ['tryAcquire(n)', (v: unknown) => new Semaphore(1).tryAcquire(v as number)],
    ['addPermits(n)', (v: unknown) => new Semaphore(1).addPermits(v as number)],
  ] as const) {
    it(`${name}: negative, fractional or NaN is ERR_INVALID_ARG_VALUE; past 2^53 - 1 ERR_OUT_OF_RANGE; a non-number ERR_INVALID_ARG_TYPE`, () => {
      for (const bad of [-1, 0.5, NaN, Infinity]) {
        expect(() => call(bad), String(bad)).to.throw(RangeError, /must be an integer >= 0/).with.property('code', 'ERR_INVALID_ARG_VALUE');
      }
      expect(() => call(2 ** 53)).to.throw(RangeError, /must be <= 9007199254740991/).with.property('code', 'ERR_OUT_OF_RANGE');
      expect(() => call('1')).to.throw(TypeError, /must be a number/).with.property('code', 'ERR_INVALID_ARG_TYPE');
      expect(() => call(null)).to.throw(TypeError).with.property('code', 'ERR_INVALID_ARG_TYPE');
    });
  }

  it('addPermits past 2^53 - 1 permits in all is ERR_OUT_OF_RANGE, and adds nothing', () => {
    const sem = new Semaphore(Number.MAX_SAFE_INTEGER - 1);
    expect(() => sem.addPermits(2)).to.throw(RangeError).with.property('code', 'ERR_OUT_OF_RANGE');
    expect(sem.available).to.equal(Number.MAX_SAFE_INTEGER - 1);
    sem.addPermits(1);
    expect(sem.available).to.equal(Number.MAX_SAFE_INTEGER);
  });
});

describe('Semaphore', () => {
  it('acquire is Ready at once while permits are free; the permit gives them back once', () => {
    const sem = new Semaphore(3);
    const p = permitOf(new Spy().poll(sem.acquire(2)));
    expect([p.count, sem.available]).to.deep.equal([2, 1]);
    p.release();
    p[Symbol.dispose]();
    expect([p.count, sem.available]).to.deep.equal([0, 3]);
  });

  it('acquire waits while too few are free and is woken when enough come back', () => {
    const sem = new Semaphore(2);
    const held = permitOf(new Spy().poll(sem.acquire(2)));
    const task = new Spy();
    const a = sem.acquire(1);
    expect(task.poll(a)).to.equal(Poll.PENDING);
    held.release();
    expect(task.wakes).to.equal(1);
    expect(sem.available, 'granted to the waiter, not free').to.equal(1);
    expect(permitOf(task.poll(a)).count).to.equal(1);
  });

  it('FIFO: a large request at the head is not overtaken by smaller ones (no starvation)', () => {
    const sem = new Semaphore(3);
    const held = permitOf(new Spy().poll(sem.acquire(2)));
    const [big, small] = spies(2);
    const b = sem.acquire(3);
    const s = sem.acquire(1);
    expect(big.poll(b)).to.equal(Poll.PENDING);
    expect(small.poll(s), '1 is free, but the big request is first').to.equal(Poll.PENDING);
    expect(sem.tryAcquire(1), 'tryAcquire does not jump the queue either').to.equal(null);
    held.release();
    expect([big.wakes, small.wakes]).to.deep.equal([1, 0]);
    const bp = permitOf(big.poll(b));
    expect(small.poll(s)).to.equal(Poll.PENDING);
    bp.release();
    expect(small.wakes).to.equal(1);
    expect(permitOf(small.poll(s)).count).to.equal(1);
  });

  it('a release wakes exactly the waiters it can satisfy, in order', () => {
    const sem = new Semaphore(0);
    const ts = spies(3);
    const as = ts.map((t) => {
      const a = sem.acquire(1);
      t.poll(a);
      return a;
    });
    sem.addPermits(2);
    expect(ts.map((t) => t.wakes)).to.deep.equal([1, 1, 0]);
    expect(ts.map((t, i) => Poll.isReady(t.poll(as[i]!)))).to.deep.equal([true, true, false]);
  });

  it('only the latest poll\'s waker is woken', () => {
    const sem = new Semaphore(0);
    const [a, b] = spies(2);
    const f = sem.acquire();
    a.poll(f);
    b.poll(f);
    sem.addPermits(1);
    expect([a.wakes, b.wakes]).to.deep.equal([0, 1]);
  });

  it('tryAcquire: a permit when free, else null', () => {
    const sem = new Semaphore(1);
    const p = sem.tryAcquire();
    expect(p?.count).to.equal(1);
    expect(sem.tryAcquire()).to.equal(null);
    p!.release();
    expect(sem.tryAcquire(1)?.count).to.equal(1);
  });

  it('acquire(0) and tryAcquire(0) succeed at once with an empty permit', () => {
    const sem = new Semaphore(0);
    expect(permitOf(new Spy().poll(sem.acquire(0))).count).to.equal(0);
    expect(sem.tryAcquire(0)?.count).to.equal(0);
  });

  it('forget() keeps the permits out for good', () => {
    const sem = new Semaphore(2);
    const p = sem.tryAcquire()!;
    p.forget();
    p.release();
    expect(sem.available).to.equal(1);
    expect(sem[INSPECT]().total).to.equal(1);
  });

  it('`using` in a coroutine releases the permit on completion, on error and on cancellation', () => {
    const sem = new Semaphore(1);
    const gate = new Trigger<number>();
    const body = coroutine(function* () {
      using _permit = yield* wait(sem.acquire());
      expect(sem.available).to.equal(0);
      return yield* wait(gate);
    });
    const ex = new TestExecutor();
    const done = ex.spawn(body());
    ex.runUntilStalled();
    gate.resolve(1);
    ex.runUntilStalled();
    expect([done.value, sem.available]).to.deep.equal([1, 1]);

    const gate2 = new Trigger<number>();
    const held = coroutine(function* () {
      using _permit = yield* wait(sem.acquire());
      return yield* wait(gate2);
    })();
    new Spy().poll(held);
    expect(sem.available).to.equal(0);
    held[Symbol.dispose]!();
    expect(sem.available).to.equal(1);

    const failing = coroutine(function* () {
      using _permit = yield* wait(sem.acquire());
      throw new Error('boom');
    })();
    expect(() => new Spy().poll(failing)).to.throw('boom');
    expect(sem.available).to.equal(1);
  });

  it('close(): waiting acquires fail with ERR_CLOSED, new ones too; permits out still return', () => {
    const sem = new Semaphore(1);
    const held = sem.tryAcquire()!;
    const task = new Spy();
    const a = sem.acquire();
    task.poll(a);
    sem.close();
    sem.close();
    expect(sem.isClosed).to.equal(true);
    expect(task.wakes).to.equal(1);
    expect(() => task.poll(a)).to.throw(FutureError).with.property('code', 'ERR_CLOSED');
    expect(() => new Spy().poll(sem.acquire())).to.throw(FutureError).with.property('code', 'ERR_CLOSED');
    expect(() => sem.tryAcquire()).to.throw(FutureError).with.property('code', 'ERR_CLOSED');
    held.release();
    expect(sem.available).to.equal(1);
    expect(sem[INSPECT]().waiting).to.equal(0);
  });

  it('an acquire granted before close() still gets its permit', () => {
    const sem = new Semaphore(0);
    const task = new Spy();
    const a = sem.acquire();
    task.poll(a);
    sem.addPermits(1);
    sem.close();
    expect(permitOf(task.poll(a)).count).to.equal(1);
  });
});

describe('Semaphore: cancellation safety', () => {
  it('a disposed waiting acquire leaves the queue', () => {
    const sem = new Semaphore(0);
    const a = sem.acquire();
    new Spy().poll(a);
    a[Symbol.dispose]!();
    expect(sem[INSPECT]().waiting).to.equal(0);
    sem.addPermits(1);
    expect(sem.available).to.equal(1);
  });

  it('disposing the large request at the head lets the smaller ones behind it through', () => {
    const sem = new Semaphore(2);
    const [big, small] = spies(2);
    const b = sem.acquire(3);
    const s = sem.acquire(2);
    big.poll(b);
    small.poll(s);
    b[Symbol.dispose]!();
    expect(small.wakes).to.equal(1);
    expect(permitOf(small.poll(s)).count).to.equal(2);
  });

  it('an acquire disposed after its permits were granted passes them to the next waiter', () => {
    const sem = new Semaphore(1);
    const held = sem.tryAcquire()!;
    const [a, b] = spies(2);
    const fa = sem.acquire();
    const fb = sem.acquire();
    a.poll(fa);
    b.poll(fb);
    held.release();
    expect([a.wakes, b.wakes]).to.deep.equal([1, 0]);
    fa[Symbol.dispose]!();
    expect(b.wakes).to.equal(1);
    expect(permitOf(b.poll(fb)).count).to.equal(1);
    expect(sem.available).to.equal(0);
  });

  it('acquire as the loser of a race leaks no permit', () => {
    const sem = new Semaphore(1);
    const held = sem.tryAcquire()!;
    const timeout = new Trigger<'timeout'>();
    const task = new Spy();
    const r = race(timeout, sem.acquire());
    task.poll(r);
    held.release(); // granted to the acquire...
    timeout.resolve('timeout'); // ...but the timeout wins the tie
    expect(task.poll(r)).to.deep.equal(Poll.ready('timeout'));
    expect(sem.available).to.equal(1);
  });
});
