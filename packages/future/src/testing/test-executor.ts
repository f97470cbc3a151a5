/**
 * TestExecutor: the smallest honest executor, for tests of futures. A FIFO ready queue; a task's
 * waker enqueues it once however often it is woken before it runs; waking a finished task does
 * nothing. With a ManualClock, `block()` advances simulated time whenever nothing is ready.
 */
import { Context } from '../context.js';
import { dispose, type Future } from '../future.js';
import { PENDING } from '../poll.js';
import { Waker } from '../waker.js';
import type { ManualClock } from './manual-clock.js';

export class TestTask<T> {
  polls = 0;
  wakes = 0;
  done = false;
  value: T | undefined;
  error: unknown;
  failed = false;
  queued = false;
  readonly waker: Waker;
  readonly context: Context;
  future: Future<T> | null;
  readonly #executor: TestExecutor;

  constructor(executor: TestExecutor, future: Future<T>) {
    this.#executor = executor;
    this.future = future;
    this.waker = Waker.from(this);
    this.context = new Context(this.waker);
  }

  /** Waker target: enqueue once; harmless after completion. */
  wake(): void {
    this.wakes++;
    if (this.done || this.queued) return;
    this.queued = true;
    this.#executor.queue.push(this);
  }
}

export class TestExecutor {
  readonly queue: TestTask<unknown>[] = [];
  /** Every poll, in order: the task and its poll count then. */
  readonly trace: TestTask<unknown>[] = [];

  spawn<T>(future: Future<T>): TestTask<T> {
    const task = new TestTask(this, future);
    task.wake();
    task.wakes = 0;
    return task;
  }

  /** Polls queued tasks until none is ready; returns how many polls ran. */
  runUntilStalled(maxPolls = 1_000_000): number {
    let n = 0;
    while (this.queue.length > 0 && n < maxPolls) {
      const task = this.queue.shift()!;
      task.queued = false;
      if (task.done) continue;
      n++;
      task.polls++;
      this.trace.push(task);
      try {
        const p = task.future!.poll(task.context);
        if (p === PENDING) continue;
        task.value = p.value;
      } catch (err) {
        task.error = err;
        task.failed = true;
      }
      task.done = true;
      task.future = null;
    }
    return n;
  }

  /** Runs `future` to completion, advancing `clock` when stalled; returns its value or throws. */
  block<T>(future: Future<T>, clock?: ManualClock): T {
    const task = this.spawn(future);
    for (;;) {
      this.runUntilStalled();
      if (task.done) break;
      if (clock?.nextDeadline() == null) {
        dispose(task.future);
        throw new Error('TestExecutor.block: stalled: nothing ready and no timer pending');
      }
      clock.advance();
    }
    if (task.failed) throw task.error;
    return task.value as T;
  }
}
