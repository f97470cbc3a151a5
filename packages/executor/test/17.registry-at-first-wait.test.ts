import { expect } from 'chai';
import { coroutine, pending, ready, wait } from '@ferrite/future';
import { Runtime, spawn, yieldNow } from '../src/index.js';
import { forever, collect } from './util/tasks.js';

// A task enters the executor's registry of unfinished tasks when it first waits, not at spawn:
// close() must still reach the tasks never polled (they are only in the queue), newest first.
describe('the registry of unfinished tasks is entered at the first wait', () => {
  it('close() disposes never-polled and waiting tasks alike, each once, newest first', () => {
    const rt = new Runtime();
    const log: string[] = [];
    rt.blockOn(coroutine(function* () {
      spawn(forever('waits 1', log));
      spawn(forever('waits 2', log));
      yield* wait(yieldNow()); // both are polled: they wait
      const never = spawn(forever('aborted unpolled', log));
      spawn(forever('queued 1', log));
      spawn(forever('queued 2', log));
      never.abort(); // finished before its first poll: not disposed again by close()
    })()); // the root ends here: the queued tasks were never polled
    expect(rt.tasks).to.equal(4);
    expect(log).to.deep.equal(['aborted unpolled']);
    rt.close();
    expect(log).to.deep.equal(['aborted unpolled', 'queued 2', 'queued 1', 'waits 2', 'waits 1']);
    expect(rt.tasks).to.equal(0);
  });

  it('tasks that finish at their first poll leave nothing behind: the counts and a later close() stay right', () => {
    const rt = new Runtime();
    const log: string[] = [];
    rt.blockOn(coroutine(function* () {
      spawn(forever('long-lived', log));
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 2000; i++) spawn(ready(i));
        yield* wait(yieldNow());
      }
    })());
    expect(rt.tasks).to.equal(1);
    rt.close();
    expect(log).to.deep.equal(['long-lived']);
  });

  it('a task failing at its first poll, its handle dropped unobserved, is still reported once', async () => {
    const reported: string[] = [];
    using rt = new Runtime({ onUnhandledError: (e) => reported.push((e as Error).message) });
    rt.blockOn(coroutine(function* () {
      spawn(pending()).detach(); // a waiting task in the registry beside it
      (() => void spawn(coroutine(function* () {
        throw new Error('failed at once');
      })()))();
      yield* wait(yieldNow());
    })());
    await collect();
    expect(reported).to.deep.equal(['failed at once']);
    expect(rt.tasks).to.equal(1);
  });
});
