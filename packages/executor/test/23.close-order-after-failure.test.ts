import { expect } from 'chai';
import { coroutine, pending, wait } from '@ferrite/future';
import { Runtime, spawn, yieldNow, type JoinHandle } from '../src/index.js';
import { fdCount } from './util/modes.js';

// close() drops waiting tasks newest first, as a scope unwinds. A task that fails unobserved is
// taken out of the registry at once (so that its handle can be collected and its error reported):
// taking it out must not reorder the tasks still waiting.
describe('close() order after a waiting task failed unobserved', () => {
  it('still drops the waiting tasks newest first', () => {
    const fds = fdCount();
    const rt = new Runtime({ onUnhandledError: () => {} });
    const dropped: string[] = [];
    const waiter = (name: string) => coroutine(function* () {
      try {
        yield* wait(pending());
      } finally {
        dropped.push(name);
      }
    })();
    let failing: JoinHandle<unknown> | null = null;
    rt.blockOn(coroutine(function* () {
      spawn(waiter('a')).detach();
      failing = spawn(coroutine(function* () {
        yield* wait(yieldNow()); // waits once (enters the registry), then fails unobserved
        throw new Error('b failed');
      })());
      spawn(waiter('c')).detach();
      spawn(waiter('d')).detach();
      while (!failing!.isFinished()) yield* wait(yieldNow());
    })());
    expect(rt.tasks).to.equal(3);
    rt.close();
    expect(dropped).to.deep.equal(['d', 'c', 'a']);
    expect(failing!.isFinished()).to.equal(true);
    expect(fdCount()).to.equal(fds);
  });
});
