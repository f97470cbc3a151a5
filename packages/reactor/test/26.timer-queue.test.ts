import { expect } from 'chai';
import { Waker } from '@ferrite/future';
import { TimerQueue, WEAK, hasFired, type TimerEntry } from '../src/timer-queue.js';

// The reactor's timer store (bucketed by millisecond): exact order, exact counts, no pile-up.
describe('TimerQueue', () => {
  const recorder = () => {
    const fired: string[] = [];
    return { fired, waker: (name: string) => Waker.from(() => fired.push(name)) };
  };

  it('fires in deadline order within a millisecond whatever the order of adding, equal deadlines first-in first-out', () => {
    const q = new TimerQueue();
    const { fired, waker } = recorder();
    q.add(10.7, waker('c'));
    q.add(10.2, waker('a'));
    q.add(11.1, waker('d'));
    q.add(10.2, waker('b'));
    q.add(9.9, waker('z'));
    expect(q.nextDeadline).to.equal(9.9);
    expect(q.fireDue(10.5)).to.equal(3);
    expect(fired).to.deep.equal(['z', 'a', 'b']);
    expect(q.nextDeadline).to.equal(10.7);
    expect(q.fireDue(20)).to.equal(2);
    expect(fired).to.deep.equal(['z', 'a', 'b', 'c', 'd']);
    expect(q.size).to.equal(0);
    expect(q.nextDeadline).to.equal(Infinity);
  });

  it('equal deadlines stay first-in first-out through the sort and the compaction of a shuffled bucket', () => {
    const q = new TimerQueue();
    const fired: number[] = [];
    const deadlines = [7.9, 7.1, 7.5];
    const entries = Array.from({ length: 300 }, (_, i) => q.add(deadlines[i % 3]!, Waker.from(() => fired.push(i))));
    // Cancelling 200 of them compacts the bucket (more than 64 entries, under half live).
    for (let i = 0; i < 300; i++) if (i % 3 !== 0 || i >= 150) q.remove(entries[i]!);
    for (let i = 300; i < 400; i++) q.add(deadlines[i % 3]!, Waker.from(() => fired.push(i)));
    expect(q.fireDue(8)).to.equal(150);
    const run = (from: number, count: number) => Array.from({ length: count }, (_, k) => from + 3 * k);
    // 7.1, then 7.5, then 7.9: the kept early ones (0, 3, ... 147) before the later ones (300, ... 399).
    expect(fired).to.deep.equal([...run(301, 33), ...run(302, 33), ...run(0, 50), ...run(300, 34)]);
  });

  it('an entry its owner made is queued as it is: told through its join slot, weak counted, fired once', () => {
    const q = new TimerQueue();
    const marked: number[] = [];
    const own: TimerEntry = { deadline: 3.5, target: { markReady: (i: number) => marked.push(i) }, index: 4, bucket: null, flags: WEAK };
    q.insert(own);
    expect([q.size, q.strong, q.nextDeadline, hasFired(own)]).to.deep.equal([1, 0, 3.5, false]);
    expect(q.fireDue(3.5)).to.equal(1);
    expect([marked, hasFired(own), own.target, q.size]).to.deep.equal([[4], true, null, 0]);
    q.remove(own); // a fired entry is not queued: nothing to do, nothing miscounted
    expect([q.size, q.strong, hasFired(own)]).to.deep.equal([0, 0, true]);
  });

  it('never fires early: a deadline later in the same millisecond waits', () => {
    const q = new TimerQueue();
    const { fired, waker } = recorder();
    q.add(5.9, waker('late'));
    expect(q.fireDue(5.5)).to.equal(0);
    expect(fired).to.deep.equal([]);
    expect(q.fireDue(5.9)).to.equal(1);
  });

  it('cancelled timers are counted out at once, skipped, and do not pile up', () => {
    const q = new TimerQueue();
    const { fired, waker } = recorder();
    const keep = q.add(1000.5, waker('kept'), true);
    for (let i = 0; i < 10_000; i++) q.remove(q.add(1000 + (i % 7) / 10, waker('cancelled')));
    expect(q.size).to.equal(1);
    expect(q.strong).to.equal(0);
    expect(q.nextDeadline).to.equal(1000.5);
    q.remove(keep);
    q.remove(keep); // idempotent
    expect(q.size).to.equal(0);
    expect(q.nextDeadline).to.equal(Infinity);
    expect(q.fireDue(2000)).to.equal(0);
    expect(fired).to.deep.equal([]);
  });

  it('a timer added or cancelled by a waker while due timers fire is honoured', () => {
    const q = new TimerQueue();
    const fired: string[] = [];
    const later = q.add(3.8, Waker.from(() => fired.push('cancelled')));
    q.add(3.1, Waker.from(() => {
      fired.push('first');
      q.remove(later);
      q.add(3.2, Waker.from(() => fired.push('added')));
    }));
    q.fireDue(3.5);
    q.fireDue(3.5);
    expect(fired).to.deep.equal(['first', 'added']);
    expect(q.size).to.equal(0);
  });

  it('nextDeadline read by a waker while its bucket fires (a timer added then) neither skips nor breaks the walk', () => {
    const q = new TimerQueue();
    const { fired, waker } = recorder();
    const seen: number[] = [];
    q.add(5.1, Waker.from(() => {
      fired.push('a');
      q.add(60, waker('later'));
      seen.push(q.nextDeadline); // what the clock reads to arm the timerfd for the new timer
    }));
    q.add(5.2, waker('b'));
    q.add(5.3, Waker.from(() => {
      fired.push('c');
      seen.push(q.nextDeadline); // the bucket's last live entry has just fired
    }));
    expect(q.fireDue(5.5)).to.equal(3);
    expect(fired).to.deep.equal(['a', 'b', 'c']);
    // Never later than a deadline still queued then (b's, then 'later's): the timerfd never fires late.
    expect(seen[0]).to.be.at.most(5.2);
    expect(seen[1]).to.be.at.most(60);
    expect([q.size, q.nextDeadline]).to.deep.equal([1, 60]);
  });

  it('a deadline that never comes (Infinity) stays queued and never fires', () => {
    const q = new TimerQueue();
    const { fired, waker } = recorder();
    q.add(Infinity, waker('never'));
    expect(q.fireDue(Number.MAX_VALUE)).to.equal(0);
    expect(q.size).to.equal(1);
    expect(fired).to.deep.equal([]);
  });
});
