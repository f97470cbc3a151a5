// A child of the join protocol that finishes from outside a poll and hands its value over
// (JoinSlot.markDone), as an executor's task does, instead of being polled again for it.
import { PENDING, POLL_JOINED, type JoinSlot, type Joinable, type Poll } from '../../src/index.js';

export class Handing<T> implements Joinable<T> {
  /** The join and index it was polled with (by the join protocol). */
  slot: [JoinSlot, number] | null = null;
  polls = 0;

  constructor(readonly value: T) {}

  poll(): Poll<T> {
    throw new Error('polled with a context although it speaks the join protocol');
  }

  [POLL_JOINED](join: JoinSlot, index: number): Poll<T> {
    if (++this.polls > 1) throw new Error('polled again after handing its value over');
    this.slot = [join, index];
    return PENDING;
  }

  /** A wake only (markReady): the join will poll it again at its next poll. */
  wakeOnly(): void {
    this.slot![0].markReady(this.slot![1]);
  }

  /** Hands the value over (markDone). */
  finish(): void {
    this.slot![0].markDone!(this.slot![1], this.value);
  }
}
