import { expect } from 'chai';
import { FutureError, Poll, channel, coroutine, joinAll, race, wait, type Future } from '../src/index.js';
import { TestExecutor, Trigger } from '../src/testing/index.js';
import { INSPECT, Spy, spies } from './util/sync.js';

/** The whole channel is consistent: every slot is free, holds a value, or is granted to a send. */
function expectBalanced(rx: { [INSPECT](): { capacity: number; buffered: number; free: number; grantedSends: number; reserved: number } }) {
  const s = rx[INSPECT]();
  expect(s.buffered + s.free + s.grantedSends, 'slots').to.equal(s.capacity);
  expect(s.reserved).to.be.at.most(s.buffered);
}

describe('channel: arguments', () => {
  for (const bad of [0, -1, 1.5, NaN, Infinity]) {
    it(`capacity ${bad} is ERR_INVALID_ARG_VALUE`, () => {
      expect(() => channel(bad)).to.throw(RangeError, /capacity must be an integer >= 1/).with.property('code', 'ERR_INVALID_ARG_VALUE');
    });
  }
  it('a capacity past 2^53 - 1 is ERR_OUT_OF_RANGE', () => {
    expect(() => channel(2 ** 53)).to.throw(RangeError, /capacity must be <= /).with.property('code', 'ERR_OUT_OF_RANGE');
  });
  it('a capacity that is not a number is ERR_INVALID_ARG_TYPE', () => {
    expect(() => channel('4' as unknown as number)).to.throw(TypeError, /capacity must be a number/).with.property('code', 'ERR_INVALID_ARG_TYPE');
  });
});

describe('channel: sending and receiving', () => {
  it('trySend fills the buffer and then says full; values come out in order', () => {
    const [tx, rx] = channel<number>(2);
    expect([tx.trySend(1), tx.trySend(2), tx.trySend(3)]).to.deep.equal([true, true, false]);
    expect([rx.length, rx.capacity]).to.deep.equal([2, 2]);
    const task = new Spy();
    expect(task.poll(rx.recv())).to.deep.equal(Poll.ready(1));
    expect(rx.tryRecv()).to.equal(2);
    expect(rx.tryRecv()).to.equal(undefined);
    expect(rx.isClosed).to.equal(false);
  });

  it('send waits while full and completes once a recv frees a slot (backpressure)', () => {
    const [tx, rx] = channel<string>(1);
    const sender = new Spy();
    const first = tx.send('a');
    expect(sender.poll(first)).to.deep.equal(Poll.ready(undefined));
    const second = tx.send('b');
    expect(sender.poll(second)).to.equal(Poll.PENDING);
    expect(rx.length).to.equal(1);
    expect(rx.tryRecv()).to.equal('a');
    expect(sender.wakes).to.equal(1);
    expect(rx.length, 'b is delivered only when its send completes').to.equal(0);
    expect(sender.poll(second)).to.deep.equal(Poll.ready(undefined));
    expect(rx.tryRecv()).to.equal('b');
    expectBalanced(rx);
  });

  it('recv waits while empty and is woken by send or trySend', () => {
    const [tx, rx] = channel<number>(4);
    const task = new Spy();
    const r = rx.recv();
    expect(task.poll(r)).to.equal(Poll.PENDING);
    expect(tx.trySend(9)).to.equal(true);
    expect(task.wakes).to.equal(1);
    expect(task.poll(r)).to.deep.equal(Poll.ready(9));
  });

  it('waiting sends are served in FIFO order, one wake per freed slot', () => {
    const [tx, rx] = channel<number>(1);
    tx.trySend(0);
    const [a, b] = spies(2);
    const [sa, sb] = [tx.send(1), tx.send(2)];
    a.poll(sa);
    b.poll(sb);
    rx.tryRecv();
    expect([a.wakes, b.wakes]).to.deep.equal([1, 0]);
    expect(b.poll(sb), 'b cannot jump ahead of a').to.equal(Poll.PENDING);
    expect(tx.trySend(99), 'nor can trySend').to.equal(false);
    expect(a.poll(sa)).to.deep.equal(Poll.ready(undefined));
    rx.tryRecv();
    expect(b.wakes).to.equal(1);
    expect(b.poll(sb)).to.deep.equal(Poll.ready(undefined));
    expect(rx.tryRecv()).to.equal(2);
  });

  it('a value wakes exactly one of several waiting recvs, the first; only the latest waker', () => {
    const [tx, rx] = channel<number>(4);
    const ts = spies(3);
    const rs = ts.map((t) => {
      const r = rx.recv();
      t.poll(r);
      return r;
    });
    const later = new Spy();
    later.poll(rs[0]!); // the first recv moved to another task: only that waker counts now
    tx.trySend(1);
    expect([later.wakes, ...ts.map((t) => t.wakes)]).to.deep.equal([1, 0, 0, 0]);
    expect(later.poll(rs[0]!)).to.deep.equal(Poll.ready(1));
  });

  it('a fresh recv does not take the value set aside for a woken one', () => {
    const [tx, rx] = channel<number>(4);
    const [waiter, newcomer] = spies(2);
    const r = rx.recv();
    waiter.poll(r);
    tx.trySend(1);
    expect(newcomer.poll(rx.recv())).to.equal(Poll.PENDING);
    expect(rx.tryRecv()).to.equal(undefined);
    expect(waiter.poll(r)).to.deep.equal(Poll.ready(1));
  });

  it('several tasks share one receiver: each value reaches exactly one worker', () => {
    const ex = new TestExecutor();
    const [tx, rx] = channel<number>(2);
    const got: number[][] = [[], [], []];
    const worker = coroutine(function* (me: number) {
      for (;;) {
        const v = yield* wait(rx.recv());
        if (v === undefined) return me;
        got[me]!.push(v);
      }
    });
    const producer = coroutine(function* () {
      using out = tx;
      for (let i = 0; i < 30; i++) yield* wait(out.send(i));
    });
    const all = ex.block(joinAll<unknown>([worker(0), worker(1), worker(2), producer()]));
    expect(all.slice(0, 3)).to.deep.equal([0, 1, 2]);
    expect(got.flat().sort((x, y) => x - y)).to.deep.equal(Array.from({ length: 30 }, (_, i) => i));
    for (const g of got) expect(g).to.deep.equal([...g].sort((x, y) => x - y));
  });

  it('next() gives iterator results, so T may include undefined', () => {
    const [tx, rx] = channel<number | undefined>(2);
    tx.trySend(undefined);
    tx.close();
    const task = new Spy();
    expect(task.poll(rx.next())).to.deep.equal(Poll.ready({ done: false, value: undefined }));
    expect(task.poll(rx.next())).to.deep.equal(Poll.ready({ done: true, value: undefined }));
  });
});

describe('channel: closing', () => {
  it('when every sender is closed the receiver drains the buffer, then gets undefined', () => {
    const [tx, rx] = channel<number>(4);
    const tx2 = tx.clone();
    tx.trySend(1);
    tx.close();
    const task = new Spy();
    const r = rx.recv();
    expect(task.poll(r)).to.deep.equal(Poll.ready(1));
    const end = rx.recv();
    expect(task.poll(end), 'a clone keeps it open').to.equal(Poll.PENDING);
    expect(rx.isClosed).to.equal(false);
    tx2[Symbol.dispose]();
    expect(task.wakes).to.equal(1);
    expect(rx.isClosed).to.equal(true);
    expect(task.poll(end)).to.deep.equal(Poll.ready(undefined));
    expect(task.poll(rx.recv())).to.deep.equal(Poll.ready(undefined));
  });

  it('closing a sender wakes every waiting recv only once the buffer is empty', () => {
    const [tx, rx] = channel<number>(4);
    const ts = spies(2);
    const rs = ts.map((t) => {
      const r = rx.recv();
      t.poll(r);
      return r;
    });
    tx.trySend(5); // set aside for the first
    tx.close();
    expect(ts.map((t) => t.wakes)).to.deep.equal([1, 0]);
    expect(ts[1]!.poll(rs[1]!), 'the second waits: 5 is not yet taken').to.equal(Poll.PENDING);
    expect(ts[0]!.poll(rs[0]!)).to.deep.equal(Poll.ready(5));
    expect(ts[1]!.wakes).to.equal(1);
    expect(ts[1]!.poll(rs[1]!)).to.deep.equal(Poll.ready(undefined));
  });

  it('a closed Sender: send fails at poll, trySend and clone throw, isClosed is true', () => {
    const [tx, rx] = channel<number>(1);
    const other = tx.clone();
    tx.close();
    expect(tx.isClosed).to.equal(true);
    expect(() => new Spy().poll(tx.send(1))).to.throw(FutureError, /this Sender is closed/).with.property('code', 'ERR_CLOSED');
    expect(() => tx.trySend(1)).to.throw(FutureError).with.property('code', 'ERR_CLOSED');
    expect(() => tx.clone()).to.throw(FutureError).with.property('code', 'ERR_CLOSED');
    expect(other.trySend(2)).to.equal(true);
    expect(rx.tryRecv()).to.equal(2);
  });

  it('closing a Sender fails its own waiting sends, not those of another handle', () => {
    const [tx, rx] = channel<number>(1);
    const other = tx.clone();
    tx.trySend(0);
    const [a, b] = spies(2);
    const mine = tx.send(1);
    const theirs = other.send(2);
    a.poll(mine);
    b.poll(theirs);
    tx.close();
    expect([a.wakes, b.wakes]).to.deep.equal([1, 0]);
    expect(() => a.poll(mine)).to.throw(FutureError).with.property('code', 'ERR_CLOSED');
    expect(rx.tryRecv()).to.equal(0);
    expect(b.poll(theirs)).to.deep.equal(Poll.ready(undefined));
    expect(rx.tryRecv()).to.equal(2);
    expect(rx[INSPECT]().queuedSends).to.equal(0);
  });

  it('receiver close(): senders fail (waiting ones woken), the buffer still drains', () => {
    const [tx, rx] = channel<number>(1);
    tx.trySend(1);
    const task = new Spy();
    const s = tx.send(2);
    task.poll(s);
    rx.close();
    expect(task.wakes).to.equal(1);
    expect(() => task.poll(s)).to.throw(FutureError, /receiver is closed/).with.property('code', 'ERR_CLOSED');
    expect(() => tx.trySend(3)).to.throw(FutureError).with.property('code', 'ERR_CLOSED');
    expect(tx.isClosed).to.equal(true);
    expect(new Spy().poll(rx.recv())).to.deep.equal(Poll.ready(1));
    expect(new Spy().poll(rx.recv())).to.deep.equal(Poll.ready(undefined));
  });

  it('receiver dispose drops the buffer: recv gives undefined at once, waiting recvs too', () => {
    const [tx, rx] = channel<number>(2);
    const task = new Spy();
    const r = rx.recv();
    task.poll(r);
    tx.trySend(1); // set aside for r
    tx.trySend(2);
    rx[Symbol.dispose]();
    expect(rx.length).to.equal(0);
    expect(task.poll(r)).to.deep.equal(Poll.ready(undefined));
    expect(new Spy().poll(rx.recv())).to.deep.equal(Poll.ready(undefined));
    expect(rx[INSPECT]().reserved).to.equal(0);
    expectBalanced(rx);
  });
});

describe('channel: cancellation safety', () => {
  it('a disposed waiting send leaves the queue and never delivers its value', () => {
    const [tx, rx] = channel<number>(1);
    tx.trySend(0);
    const s = tx.send(1);
    new Spy().poll(s);
    expect(rx[INSPECT]().queuedSends).to.equal(1);
    s[Symbol.dispose]!();
    expect(rx[INSPECT]().queuedSends).to.equal(0);
    expect(rx.tryRecv()).to.equal(0);
    expect(rx.tryRecv()).to.equal(undefined);
    expect(tx.trySend(2)).to.equal(true);
  });

  it('a send disposed after it was granted a slot passes the slot to the next waiting send', () => {
    const [tx, rx] = channel<number>(1);
    tx.trySend(0);
    const [a, b] = spies(2);
    const [sa, sb] = [tx.send(1), tx.send(2)];
    a.poll(sa);
    b.poll(sb);
    rx.tryRecv(); // the freed slot goes to sa
    expect([a.wakes, b.wakes]).to.deep.equal([1, 0]);
    sa[Symbol.dispose]!(); // ...which never runs: the slot moves on
    expect(b.wakes).to.equal(1);
    expect(b.poll(sb)).to.deep.equal(Poll.ready(undefined));
    expect(rx.tryRecv()).to.equal(2);
    expect(rx.tryRecv(), '1 was never sent').to.equal(undefined);
    expectBalanced(rx);
  });

  it('a granted send disposed with nobody waiting frees its slot', () => {
    const [tx, rx] = channel<number>(1);
    tx.trySend(0);
    const s = tx.send(1);
    new Spy().poll(s);
    rx.tryRecv();
    s[Symbol.dispose]!();
    expect(rx[INSPECT]().free).to.equal(1);
    expect(tx.trySend(2)).to.equal(true);
  });

  it('a granted send of a handle closed meanwhile fails and passes its slot on', () => {
    const [tx, rx] = channel<number>(1);
    const other = tx.clone();
    tx.trySend(0);
    const [a, b] = spies(2);
    const [sa, sb] = [tx.send(1), other.send(2)];
    a.poll(sa);
    b.poll(sb);
    rx.tryRecv(); // granted to sa
    tx.close();
    expect(() => a.poll(sa)).to.throw(FutureError).with.property('code', 'ERR_CLOSED');
    expect(b.wakes).to.equal(1);
    expect(b.poll(sb)).to.deep.equal(Poll.ready(undefined));
    expect(rx.tryRecv()).to.equal(2);
  });

  it('a disposed waiting recv leaves the queue', () => {
    const [tx, rx] = channel<number>(1);
    const r = rx.recv();
    new Spy().poll(r);
    r[Symbol.dispose]!();
    expect(rx[INSPECT]().queuedRecvs).to.equal(0);
    tx.trySend(1);
    expect(rx.tryRecv()).to.equal(1);
  });

  it('a recv disposed after a value was set aside for it passes the value to the next recv', () => {
    const [tx, rx] = channel<number>(2);
    const [a, b] = spies(2);
    const [ra, rb] = [rx.recv(), rx.recv()];
    a.poll(ra);
    b.poll(rb);
    tx.trySend(1);
    expect([a.wakes, b.wakes]).to.deep.equal([1, 0]);
    ra[Symbol.dispose]!();
    expect(b.wakes).to.equal(1);
    expect(b.poll(rb)).to.deep.equal(Poll.ready(1));
  });

  it('... or keeps it for a later recv when nobody else waits', () => {
    const [tx, rx] = channel<number>(2);
    const r = rx.recv();
    new Spy().poll(r);
    tx.trySend(1);
    r[Symbol.dispose]!();
    expect(rx[INSPECT]().reserved).to.equal(0);
    expect(rx.tryRecv()).to.equal(1);
  });

  it('recv as the loser of a race loses no value (the timeout pattern in a loop)', () => {
    const ex = new TestExecutor();
    const [tx, rx] = channel<number>(1);
    const ticks: Trigger<'tick'>[] = [];
    const got: (number | 'tick')[] = [];
    const consumer = ex.spawn(coroutine(function* () {
      for (;;) {
        const tick = new Trigger<'tick'>();
        ticks.push(tick);
        // The timeout first: on a tie it wins, and the recv it drops was already given a value.
        const v: number | 'tick' | undefined = yield* wait(race(tick, rx.recv()));
        if (v === undefined) return got;
        got.push(v);
      }
    })());
    ex.runUntilStalled();
    tx.trySend(1);
    ticks.at(-1)!.resolve('tick'); // both ready before the consumer runs
    ex.runUntilStalled();
    tx.close();
    ex.runUntilStalled();
    expect(consumer.value).to.deep.equal(['tick', 1]);
  });

  it('send as the loser of a race sends nothing; a later send goes through', () => {
    const ex = new TestExecutor();
    const [tx, rx] = channel<number>(1);
    tx.trySend(0);
    const timeout = new Trigger<'timeout'>();
    const producer = ex.spawn(coroutine(function* () {
      const first: 'timeout' | void = yield* wait(race(timeout, tx.send(1) as Future<void>));
      yield* wait(tx.send(2));
      return first;
    })());
    ex.runUntilStalled();
    rx.tryRecv(); // frees a slot for send(1)...
    timeout.resolve('timeout'); // ...but the timeout wins the tie
    ex.runUntilStalled();
    expect(producer.value).to.equal('timeout');
    expect(rx.tryRecv()).to.equal(2);
    expect(rx.tryRecv()).to.equal(undefined);
  });
});
