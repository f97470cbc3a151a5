/**
 * TestExecutor: the smallest honest executor, for tests of futures. A FIFO ready queue; a task's
 * waker enqueues it once however often it is woken before it runs; waking a finished task does
 * nothing. With a ManualClock, `block()` advances simulated time whenever nothing is ready.
 *
 * `new TestExecutor({ shuffle: seed })` runs a ready task picked at random (from a generator
 * seeded with `seed`, so a failing schedule replays) instead of the oldest: many seeds explore
 * many wake orders, which is how code that only works in FIFO order (a lost wakeup, a waiter
 * that assumes it runs first) is caught.
 */
import { Context } from '../context.js';
import { checkInteger, checkObject } from '../errors/args.js';
import { dispose, type Future } from '../future.js';
import { FutureError } from '../future-error.js';
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

export interface TestExecutorOptions {
  /** Seed (a safe integer) for picking ready tasks at random; omitted: FIFO. */
  shuffle?: number;
}

export class TestExecutor {
  readonly queue: TestTask<unknown>[] = [];
  /** Every poll, in order: the task and its poll count then. */
  readonly trace: TestTask<unknown>[] = [];
  /** The next random number in [0, 1), or null in FIFO mode. */
  readonly #random: (() => number) | null;

  constructor(options: TestExecutorOptions = {}) {
    const { shuffle } = checkObject(options) as TestExecutorOptions;
    if (shuffle !== undefined) checkInteger(shuffle, 'options.shuffle', Number.MIN_SAFE_INTEGER);
    this.#random = shuffle === undefined ? null : mulberry32(shuffle);
  }

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
      const task = this.#random === null ? this.queue.shift()! : this.queue.splice(Math.floor(this.#random() * this.queue.length), 1)[0]!;
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
        throw new FutureError('ERR_DEADLOCK', 'TestExecutor.block: stalled: nothing ready and no timer pending');
      }
      clock.advance();
    }
    if (task.failed) throw task.error;
    return task.value as T;
  }
}

/** A small, well-mixed 32-bit generator (Tommy Ettinger's mulberry32); the high bits of the seed are folded in. */
function mulberry32(seed: number): () => number {
  let a = (seed ^ Math.floor(seed / 2 ** 32)) | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
