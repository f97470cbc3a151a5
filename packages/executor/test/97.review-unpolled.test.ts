import { expect } from 'chai';
import { Worker } from 'node:worker_threads';
import { coroutine, pending, wait } from '@ferrite/future';
import { Runtime, TaskAborted, spawn, yieldNow } from '../src/index.js';
import { fdCount } from './util/modes.js';
import { forever, collect } from './util/tasks.js';

// Review of "a task enters the registry at its first wait" and of the block-chained ready queue:
// a task never polled lives only in the queue, yet abort(), close() and the forgotten-handle
// report must treat it as before, whatever block of the queue it sits in.

const rejection = async (p: PromiseLike<unknown>) => {
  try {
    await p;
  } catch (err) {
    return err;
  }
  return 'resolved';
};

describe('review: tasks never polled', () => {
  it('abort() of a never-polled task: its drop runs at once, it is never polled, its handle says aborted', async () => {
    const rt = new Runtime();
    const log: string[] = [];
    const polls = { n: 0 };
    const h = rt.blockOn(coroutine(function* () {
      const h = spawn(forever('unpolled', log, polls));
      h.abort();
      expect(log).to.deep.equal(['unpolled']);
      yield* wait(yieldNow()); // the queue still holds it: taking it must not poll it
      return { h };
    })()).h;
    expect(polls.n).to.equal(0);
    expect(h.isFinished()).to.equal(true);
    expect(await rejection(h)).to.be.instanceOf(TaskAborted);
    expect(rt.tasks).to.equal(0);
    rt.close();
    expect(log).to.deep.equal(['unpolled']);
  });

  it('close() with 2,100 never-polled tasks over three queue blocks and waiting ones: each dropped once, newest first', async () => {
    const fds = fdCount();
    const rt = new Runtime();
    const log: string[] = [];
    const handles = rt.blockOn(coroutine(function* () {
      const waiting = Array.from({ length: 3 }, (_, i) => spawn(forever(`w${i}`, log)));
      yield* wait(yieldNow()); // they wait now (in the registry)
      const unpolled = Array.from({ length: 2100 }, (_, i) => spawn(forever(`u${i}`, log)));
      unpolled[1500]!.abort(); // one finished before close: not dropped twice
      return { all: [...waiting, ...unpolled] };
    })()).all;
    expect(rt.tasks).to.equal(2102);
    rt.close();
    const expected = ['u1500', ...Array.from({ length: 2100 }, (_, i) => `u${2099 - i}`).filter((n) => n !== 'u1500'), 'w2', 'w1', 'w0'];
    expect(log).to.deep.equal(expected);
    expect(rt.tasks).to.equal(0);
    expect(handles.every((h) => h.isFinished())).to.equal(true);
    expect(await rejection(handles[2050]!)).to.be.instanceOf(TaskAborted);
    expect(fdCount()).to.equal(fds);
  });

  it('run mode: close() from Node while never-polled tasks are queued fails run() with ERR_CLOSED and drops each task once', async () => {
    const fds = fdCount();
    const reported: unknown[] = [];
    const rt = new Runtime({ onUnhandledError: (e) => reported.push(e) });
    const log: string[] = [];
    let spawned = 0;
    const root = rt.run(coroutine(function* () {
      for (let i = 0; i < 1100; i++) spawn(forever(`u${i}`, log)), spawned++;
      yield* wait(pending());
    })());
    // The root's first poll runs in the first drain; close before any spawned task is polled:
    // from a microtask right after that drain (the queue is still full: 1,100 > any budget).
    await new Promise<void>((resolve) => {
      const check = () => (spawned === 1100 ? (rt.close(), resolve()) : setImmediate(check));
      setImmediate(check);
    });
    const err = await rejection(root);
    expect((err as { code?: string }).code).to.equal('ERR_CLOSED');
    expect(log).to.have.length(1100);
    expect(new Set(log).size).to.equal(1100);
    expect(rt.tasks).to.equal(0);
    expect(reported).to.deep.equal([]);
    expect(fdCount()).to.equal(fds);
  });

  it('dropped handles of tasks failing at their first poll, 1,030 of them over two blocks: each error reported once', async () => {
    const reported: string[] = [];
    const rt = new Runtime({ onUnhandledError: (e) => reported.push((e as Error).message) });
    rt.blockOn(coroutine(function* () {
      (() => {
        for (let i = 0; i < 1030; i++)
          spawn(coroutine(function* () {
            throw new Error(`f${i}`);
          })());
      })();
      const detached = spawn(coroutine(function* () {
        throw new Error('detached');
      })());
      detached.detach();
      yield* wait(yieldNow());
    })());
    await collect(() => reported.length >= 1031);
    expect(reported).to.have.length(1031);
    expect(new Set(reported).size).to.equal(1031);
    expect(rt.tasks).to.equal(0);
    rt.close();
  });

  it('close() aborts tasks never polled that nobody looks at without reporting them as failures', () => {
    const reported: unknown[] = [];
    const rt = new Runtime({ onUnhandledError: (e) => reported.push(e) });
    const log: string[] = [];
    rt.blockOn(coroutine(function* () {
      spawn(forever('detached', log)).detach();
      (() => void spawn(forever('dropped', log)))();
    })());
    rt.close();
    expect(log).to.deep.equal(['dropped', 'detached']);
    expect(reported).to.deep.equal([]);
  });
});

describe('review: never-polled tasks in a worker thread', () => {
  it('a worker runtime closed with tasks never polled drops each once and exits 0', async () => {
    // Bare names: an eval'd worker resolves them from the working folder (the package, under npm test).
    const executor = '@ferrite/executor';
    const future = '@ferrite/future';
    const code = `
      const { parentPort } = require('node:worker_threads');
      (async () => {
        const { Runtime, spawn } = await import(${JSON.stringify(executor)});
        const { coroutine, wait, ready, joinAll, PENDING } = await import(${JSON.stringify(future)});
        const dropped = [];
        const rt = new Runtime();
        const values = rt.blockOn(coroutine(function* () {
          const vs = yield* wait(joinAll(Array.from({ length: 1025 }, (_, i) => spawn(ready(i)))));
          for (let i = 0; i < 1500; i++) spawn({ poll: () => PENDING, [Symbol.dispose]: () => dropped.push(i) });
          return vs;
        })());
        const before = rt.tasks;
        rt.close();
        parentPort.postMessage({ sum: values.reduce((a, b) => a + b, 0), before, after: rt.tasks, dropped: dropped.length, first: dropped[0] });
      })();
    `;
    const worker = new Worker(code, { eval: true });
    const [msg, exit] = await Promise.all([
      new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject)),
      new Promise((resolve) => worker.once('exit', resolve)),
    ]);
    expect(msg).to.deep.equal({ sum: (1024 * 1025) / 2, before: 1500, after: 0, dropped: 1500, first: 1499 });
    expect(exit).to.equal(0);
  });
});
