// Every primitive under many random schedules: a seeded TestExecutor shuffles wake order, random
// simulated-time gaps interleave the tasks, and timeouts (race) and killed tasks dispose waiting
// futures at random points, including right after they were granted something. Each run must
// finish (a lost wakeup stalls it and fails), deliver every value exactly once and in order per
// sender, never exceed a semaphore's permits, and leave no waiter queued and nothing leaked.
import { expect } from 'chai';
import fc from 'fast-check';
import {
  FutureError, Notify, Semaphore, channel, coroutine, map, oneshot, race, wait, type Future, type Permit,
} from '../src/index.js';
import { ManualClock, TestExecutor, type TestTask } from '../src/testing/index.js';
import { INSPECT, runAll } from './util/sync.js';

const RUNS = Number(process.env.SCHEDULE_RUNS ?? 250);
const TIMEOUT = Symbol('timeout');
const KILLED = Symbol('killed');

/** `f` raced against a `ms` timeout, either one first (the first wins a tie; the loser is disposed). */
function timed<T>(clock: ManualClock, f: Future<T>, ms: number, timeoutFirst: boolean): Future<T | typeof TIMEOUT> {
  const t = map(clock.sleep(ms), (): typeof TIMEOUT => TIMEOUT);
  return timeoutFirst ? race(t, f) : race(f, t);
}

/** `f`, or disposed at `killAt` if given (a killed task: its `finally`/`using` blocks run). */
function mortal<T>(clock: ManualClock, f: Future<T>, kill: { at: number; first: boolean } | undefined): Future<T | typeof KILLED> {
  if (kill === undefined) return f;
  const k = map(clock.sleep(kill.at), (): typeof KILLED => KILLED);
  return kill.first ? race(k, f) : race(f, k);
}

const killArb = fc.option(fc.record({ at: fc.nat(30), first: fc.boolean() }), { nil: undefined });

describe('sync primitives under random schedules', function () {
  this.timeout(60_000);

  it(`channel: every value sent is received exactly once, in order per sender (${RUNS} schedules)`, () => {
    const sendOp = fc.record({ kind: fc.constantFrom('send', 'try', 'timed'), gap: fc.nat(3), timeout: fc.nat(4), timeoutFirst: fc.boolean() });
    // Receive timeouts are >= 1 ms: a consumer looping on a 0 ms timeout never suspends at all.
    const recvOp = fc.record({ kind: fc.constantFrom('recv', 'next', 'try', 'timed'), gap: fc.nat(2), timeout: fc.integer({ min: 1, max: 4 }), timeoutFirst: fc.boolean() });
    const scenario = fc.record({
      seed: fc.integer(),
      capacity: fc.integer({ min: 1, max: 4 }),
      producers: fc.array(fc.record({ ops: fc.array(sendOp, { maxLength: 8 }), kill: killArb }), { minLength: 1, maxLength: 4 }),
      consumers: fc.array(fc.record({ ops: fc.array(recvOp, { minLength: 1, maxLength: 4 }), kill: killArb }), { minLength: 1, maxLength: 3 }),
      closeRxAt: fc.option(fc.nat(40), { nil: undefined }),
    });
    fc.assert(fc.property(scenario, (sc) => {
      type Msg = { p: number; i: number };
      const clock = new ManualClock();
      const ex = new TestExecutor({ shuffle: sc.seed });
      const [tx, rx] = channel<Msg>(sc.capacity);
      const outcome = sc.producers.map((p) => p.ops.map(() => 'unsent'));
      const log: Msg[] = [];
      let rxClosed = false;

      const producer = coroutine(function* (p: number, out: typeof tx) {
        using sender = out;
        const { ops } = sc.producers[p]!;
        for (let i = 0; i < ops.length; i++) {
          const op = ops[i]!;
          if (op.gap > 0) yield* wait(clock.sleep(op.gap));
          const msg = { p, i };
          outcome[p]![i] = 'in flight'; // stays so if the task is killed during the send
          try {
            if (op.kind === 'try' && sender.trySend(msg)) {
              outcome[p]![i] = 'delivered';
            } else if (op.kind === 'timed') {
              const r = yield* wait(timed(clock, sender.send(msg), op.timeout, op.timeoutFirst));
              outcome[p]![i] = r === TIMEOUT ? 'timed out' : 'delivered';
            } else {
              yield* wait(sender.send(msg));
              outcome[p]![i] = 'delivered';
            }
          } catch (err) {
            expect(err).to.be.instanceOf(FutureError).with.property('code', 'ERR_CLOSED');
            expect(rxClosed, 'a send fails only once the receiver is closed').to.equal(true);
            outcome[p]![i] = 'refused';
            return;
          }
        }
      });

      const consumer = coroutine(function* (c: number) {
        const { ops } = sc.consumers[c]!;
        for (let k = 0; ; k++) {
          const op = ops[k % ops.length]!;
          if (op.gap > 0) yield* wait(clock.sleep(op.gap));
          let got: Msg | undefined;
          if (op.kind === 'recv') {
            got = yield* wait(rx.recv());
          } else if (op.kind === 'next') {
            got = (yield* wait(rx.next())).value;
          } else if (op.kind === 'timed') {
            const r = yield* wait(timed(clock, rx.recv(), op.timeout, op.timeoutFirst));
            if (r === TIMEOUT) continue;
            got = r;
          } else {
            got = rx.tryRecv();
            if (got === undefined && !(rx.isClosed && rx.length === 0)) {
              yield* wait(clock.sleep(1));
              continue;
            }
          }
          if (got === undefined) return;
          log.push(got);
        }
      });

      const tasks: TestTask<unknown>[] = [];
      sc.producers.forEach((p, i) => {
        // A producer killed before its first poll never ran its `using`: close its clone when
        // the task ends either way (close is idempotent).
        const out = tx.clone();
        tasks.push(ex.spawn(map(mortal(clock, producer(i, out), p.kill), () => out.close())));
      });
      tx.close(); // only the producers' clones keep the channel open
      // Consumer 0 never dies, so whatever is sent is eventually received.
      sc.consumers.forEach((c, i) => tasks.push(ex.spawn(mortal(clock, consumer(i), i === 0 ? undefined : c.kill))));
      if (sc.closeRxAt !== undefined) {
        tasks.push(ex.spawn(map(clock.sleep(sc.closeRxAt), () => {
          rxClosed = true;
          rx.close();
        })));
      }
      runAll(ex, tasks, clock);

      const seen = new Set(log.map((m) => `${m.p}.${m.i}`));
      expect(seen.size, 'no value received twice').to.equal(log.length);
      for (const m of log) expect(outcome[m.p]![m.i], `${m.p}.${m.i} received`).to.equal('delivered');
      outcome.forEach((os, p) => os.forEach((o, i) => {
        if (o === 'delivered') expect(seen.has(`${p}.${i}`), `${p}.${i} delivered but never received`).to.equal(true);
      }));
      for (let p = 0; p < sc.producers.length; p++) {
        const order = log.filter((m) => m.p === p).map((m) => m.i);
        expect(order, `order of producer ${p}`).to.deep.equal([...order].sort((a, b) => a - b));
      }
      expect(rx[INSPECT]()).to.deep.equal({
        capacity: sc.capacity, buffered: 0, free: sc.capacity, grantedSends: 0, reserved: 0, queuedSends: 0, queuedRecvs: 0, senders: 0, closed: true,
      });
    }), { numRuns: RUNS });
  });

  it(`Semaphore: permits never exceed the limit and all come back (${RUNS} schedules)`, () => {
    const round = fc.record({
      n: fc.integer({ min: 0, max: 5 }),
      kind: fc.constantFrom('acquire', 'try', 'timed'),
      timeout: fc.nat(4),
      timeoutFirst: fc.boolean(),
      hold: fc.nat(3),
      kill: fc.option(fc.record({ at: fc.nat(6), first: fc.boolean() }), { nil: undefined }),
    });
    const scenario = fc.record({
      seed: fc.integer(),
      limit: fc.integer({ min: 1, max: 5 }),
      tasks: fc.array(fc.array(round, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
      closeAt: fc.option(fc.nat(40), { nil: undefined }),
    });
    fc.assert(fc.property(scenario, (sc) => {
      const clock = new ManualClock();
      const ex = new TestExecutor({ shuffle: sc.seed });
      const sem = new Semaphore(sc.limit);
      let held = 0;
      let closed = false;
      let acquired = 0;

      const once = coroutine(function* (r: { n: number; kind: string; timeout: number; timeoutFirst: boolean; hold: number }) {
        const n = Math.min(r.n, sc.limit);
        let permit: Permit | null;
        if (r.kind === 'try') {
          permit = sem.tryAcquire(n);
          if (permit === null) return yield* wait(clock.sleep(1));
        } else if (r.kind === 'timed') {
          const got = yield* wait(timed(clock, sem.acquire(n), r.timeout, r.timeoutFirst));
          if (got === TIMEOUT) return;
          permit = got;
        } else {
          permit = yield* wait(sem.acquire(n));
        }
        using _permit = permit;
        expect(permit.count).to.equal(n);
        held += n;
        acquired++;
        expect(held, 'permits held').to.be.at.most(sc.limit);
        expect(held + sem.available, 'held + available').to.be.at.most(sc.limit);
        try {
          yield* wait(clock.sleep(r.hold));
        } finally {
          held -= n;
        }
      });

      const worker = coroutine(function* (rounds: typeof sc.tasks[number]) {
        for (const r of rounds) {
          try {
            yield* wait(mortal(clock, once(r), r.kill));
          } catch (err) {
            expect(err).to.be.instanceOf(FutureError).with.property('code', 'ERR_CLOSED');
            expect(closed).to.equal(true);
            return;
          }
        }
      });

      const tasks: TestTask<unknown>[] = sc.tasks.map((rounds) => ex.spawn(worker(rounds)));
      if (sc.closeAt !== undefined) {
        tasks.push(ex.spawn(map(clock.sleep(sc.closeAt), () => {
          closed = true;
          sem.close();
        })));
      }
      runAll(ex, tasks, clock);
      expect(held).to.equal(0);
      expect(sem[INSPECT]()).to.deep.equal({ available: sc.limit, total: sc.limit, closed, waiting: 0 });
      if (sc.closeAt === undefined && sc.tasks.every((rs) => rs.every((r) => r.kind === 'acquire' && r.kill === undefined))) {
        expect(acquired).to.equal(sc.tasks.flat().length);
      }
    }), { numRuns: RUNS });
  });

  it(`Notify: no notification is lost, every item is consumed (${RUNS * 8} schedules)`, () => {
    const scenario = fc.record({
      seed: fc.integer(),
      producers: fc.array(fc.array(fc.record({ gap: fc.nat(3), all: fc.boolean() }), { maxLength: 5 }), { minLength: 1, maxLength: 3 }),
      // Kills land while items are still produced, so some hit a consumer just chosen by notifyOne.
      consumers: fc.array(fc.record({
        timed: fc.boolean(), timeout: fc.integer({ min: 1, max: 4 }), timeoutFirst: fc.boolean(),
        kill: fc.option(fc.record({ at: fc.nat(12), first: fc.boolean() }), { nil: undefined, freq: 2 }),
      }), { minLength: 2, maxLength: 3 }),
    });
    fc.assert(fc.property(scenario, (sc) => {
      const clock = new ManualClock();
      const ex = new TestExecutor({ shuffle: sc.seed });
      const notify = new Notify();
      const total = sc.producers.flat().length;
      let available = 0;
      let consumed = 0;

      const producer = coroutine(function* (items: typeof sc.producers[number]) {
        for (const item of items) {
          if (item.gap > 0) yield* wait(clock.sleep(item.gap));
          available++;
          if (item.all) notify.notifyWaiters();
          else notify.notifyOne();
        }
      });
      const consumer = coroutine(function* (c: typeof sc.consumers[number]) {
        for (;;) {
          if (available > 0) {
            available--;
            consumed++;
            if (consumed === total) notify.notifyWaiters(); // release the others
            continue;
          }
          if (consumed === total) return;
          if (c.timed) yield* wait(timed(clock, notify.notified(), c.timeout, c.timeoutFirst));
          else yield* wait(notify.notified());
        }
      });

      const tasks: TestTask<unknown>[] = sc.producers.map((items) => ex.spawn(producer(items)));
      // Consumer 0 never dies and waits without timeouts: only a notification can wake it.
      sc.consumers.forEach((c, i) => tasks.push(ex.spawn(mortal(clock, consumer(i === 0 ? { ...c, timed: false } : c), i === 0 ? undefined : c.kill))));
      runAll(ex, tasks, clock);
      expect([consumed, available]).to.deep.equal([total, 0]);
      expect(notify[INSPECT]().waiting).to.equal(0);
    }), { numRuns: RUNS * 8 }); // cheap runs; a lost notification needs a rare coincidence to show
  });

  it(`oneshot: a value reaches a live receiver, a dropped sender fails it, nothing hangs (${RUNS} schedules)`, () => {
    const pair = fc.record({
      at: fc.nat(5),
      action: fc.constantFrom('send', 'close', 'drop', 'kill'),
      recvTimeout: fc.option(fc.nat(6), { nil: undefined }),
      timeoutFirst: fc.boolean(),
    });
    const scenario = fc.record({ seed: fc.integer(), pairs: fc.array(pair, { minLength: 1, maxLength: 5 }) });
    fc.assert(fc.property(scenario, (sc) => {
      const clock = new ManualClock();
      const ex = new TestExecutor({ shuffle: sc.seed });
      const tasks: TestTask<unknown>[] = [];
      const results = sc.pairs.map((p, i) => {
        const [tx, rx] = oneshot<number>();
        const r: { sent?: boolean; got?: number | 'closed' | typeof TIMEOUT } = {};
        const sender = coroutine(function* () {
          using s = tx;
          yield* wait(clock.sleep(p.at));
          if (p.action === 'send') r.sent = s.send(i);
          else if (p.action === 'close') s.close();
          else if (p.action === 'kill') yield* wait(clock.sleep(1_000_000)); // killed below, long before
        });
        const receiver = coroutine(function* () {
          try {
            r.got = p.recvTimeout === undefined ? yield* wait(rx) : yield* wait(timed(clock, rx, p.recvTimeout, p.timeoutFirst));
          } catch (err) {
            expect(err).to.be.instanceOf(FutureError).with.property('code', 'ERR_CLOSED');
            r.got = 'closed';
          }
        });
        // Killed before its first poll, the sender's `using` never ran: close tx when the task ends.
        tasks.push(ex.spawn(map(mortal(clock, sender(), p.action === 'kill' ? { at: p.at, first: true } : undefined), () => tx.close())));
        tasks.push(ex.spawn(receiver()));
        return r;
      });
      runAll(ex, tasks, clock);
      sc.pairs.forEach((p, i) => {
        const r = results[i]!;
        if (typeof r.got === 'number') expect([r.got, r.sent]).to.deep.equal([i, true]);
        if (r.got === 'closed') expect(p.action).to.not.equal('send');
        if (r.sent === false) expect(r.got).to.equal(TIMEOUT);
        if (p.recvTimeout === undefined) expect(r.got).to.equal(p.action === 'send' ? i : 'closed');
      });
    }), { numRuns: RUNS });
  });
});
