import { expect } from 'chai';
import { coroutine, join, lazy, ready, wait } from '@ferrite/future';
import { sleep } from '@ferrite/reactor';
import { Runtime } from '../src/index.js';

const codeOf = async (p: PromiseLike<unknown>) => {
  try {
    await p;
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
  return 'resolved';
};

describe('blockOn inside a task that run() is polling is refused with ERR_NESTED_BLOCK_ON', () => {
  it('a sync helper built on blockOn, called from a task of run()', async () => {
    using rt = new Runtime();
    const fetchSync = (ms: number) => rt.blockOn(coroutine(function* () {
      yield* wait(sleep(ms));
      return 'fetched';
    })());
    let err: unknown;
    await rt.run(coroutine(function* () {
      yield* wait(sleep(1));
      try {
        fetchSync(5);
      } catch (e) {
        err = e;
      }
    })());
    expect(err).to.have.property('code', 'ERR_NESTED_BLOCK_ON');
    expect((err as Error).message).to.include('run()');
  });

  it('where it used to end in a TypeError from re-polling the running task', async () => {
    using rt = new Runtime();
    expect(await codeOf(rt.run(coroutine(function* () {
      const [, v] = yield* wait(join(sleep(1), lazy(() => rt.blockOn(sleep(5)))));
      return v;
    })()))).to.equal('ERR_NESTED_BLOCK_ON');
  });

  it('also for another runtime\'s blockOn, and inside an awaited future (the default runtime)', async () => {
    using rt = new Runtime();
    using other = new Runtime();
    expect(await codeOf(rt.run(lazy(() => other.blockOn(ready(1)))))).to.equal('ERR_NESTED_BLOCK_ON');
    expect(await codeOf(lazy(() => other.blockOn(ready(1))))).to.equal('ERR_NESTED_BLOCK_ON');
  });

  it('blockOn from plain async code while a run() is in progress is fine (no task is being polled)', async () => {
    using rt = new Runtime();
    using other = new Runtime();
    const running = rt.run(sleep(20));
    await Promise.resolve();
    expect(other.blockOn(ready('own the thread'))).to.equal('own the thread');
    await running;
  });
});
