import { expect } from 'chai';
import { BaseFuture, Context, PENDING, POLL_JOINED, Poll, Waker, dispose, joinAll, ready, type JoinSlot, type Joinable } from '../src/index.js';

// A child that speaks the join protocol is polled through it and wakes its join itself.
class Slotted implements Joinable<string> {
  slot: [JoinSlot, number] | null = null;
  polls = 0;
  done = false;

  poll(): Poll<string> {
    throw new Error('polled with a context although it speaks the join protocol');
  }

  [POLL_JOINED](join: JoinSlot, index: number): Poll<string> {
    this.polls++;
    if (this.done) return Poll.ready('slotted');
    this.slot = [join, index];
    return PENDING;
  }

  finish(): void {
    this.done = true;
    const [join, index] = this.slot!;
    join.markReady(index);
  }
}

describe('the join protocol (POLL_JOINED)', () => {
  it('joinAll polls such a child through it; markReady wakes the join, which polls that child again', () => {
    let wakes = 0;
    const cx = new Context(Waker.from(() => wakes++));
    const child = new Slotted();
    const j = joinAll<string>([ready('plain'), child]);
    expect(j.poll(cx)).to.equal(PENDING);
    expect(child.slot![1]).to.equal(1);
    expect(wakes).to.equal(0);
    child.finish();
    expect(wakes).to.equal(1);
    const p = j.poll(cx);
    expect(Poll.isReady(p) && p.value).to.deep.equal(['plain', 'slotted']);
    expect(child.polls).to.equal(2);
  });

  it('a markReady for a child that already finished, or after the join is disposed, does nothing', () => {
    let wakes = 0;
    const cx = new Context(Waker.from(() => wakes++));
    const child = new Slotted();
    const j = joinAll([child]);
    j.poll(cx);
    dispose(j);
    child.finish();
    expect(wakes).to.equal(0);
  });

  it('BaseFuture.pollJoined runs pollOnceJoined under poll()\'s lifecycle; without one it throws and releases', () => {
    const released: string[] = [];
    class Once extends BaseFuture<number> {
      constructor(readonly speaks: boolean) {
        super();
      }
      [POLL_JOINED](join: JoinSlot, index: number): Poll<number> {
        return this.pollJoined(join, index);
      }
      protected pollOnce(): Poll<number> {
        return Poll.ready(1);
      }
      protected override pollOnceJoined(join: JoinSlot, index: number): Poll<number> {
        if (!this.speaks) return super.pollOnceJoined(join, index);
        return Poll.ready(index);
      }
      protected override release(): void {
        released.push(this.speaks ? 'speaks' : 'mute');
      }
    }
    const slot = { markReady() {} };
    const a = new Once(true);
    expect(a[POLL_JOINED](slot, 4)).to.deep.equal({ value: 4 });
    expect(() => a[POLL_JOINED](slot, 4)).to.throw().with.property('code', 'ERR_POLLED_AFTER_COMPLETION');
    const b = new Once(false);
    expect(() => b[POLL_JOINED](slot, 0)).to.throw(TypeError);
    expect(b.finished).to.equal(true);
    expect(released).to.deep.equal(['mute']);
  });
});
