import { expect } from 'chai';
import { coroutine, wait } from '@ferrite/future';
import { sleep } from '@ferrite/reactor';
import { Runtime, spawn } from '../src/index.js';
import { MODES } from './util/modes.js';
import { collect } from './util/tasks.js';

for (const mode of MODES) {
  describe(`an unobserved task error is reported once (${mode.name})`, () => {
    it('a detached task that fails, whose handle is then dropped and collected', async () => {
      const reported: string[] = [];
      using rt = new Runtime({ onUnhandledError: (e) => reported.push((e as Error).message) });
      await mode.exec(rt, coroutine(function* () {
        (() => spawn(coroutine(function* () {
          yield* wait(sleep(1));
          throw new Error('fire and forget failed');
        })()).detach())();
        yield* wait(sleep(10));
      })());
      await collect();
      expect(reported).to.deep.equal(['fire and forget failed']);
    });

    it('a handle detached after its task failed, then dropped and collected', async () => {
      const reported: string[] = [];
      using rt = new Runtime({ onUnhandledError: (e) => reported.push((e as Error).message) });
      await mode.exec(rt, coroutine(function* () {
        const h = spawn(coroutine(function* () {
          yield* wait(sleep(1));
          throw new Error('late detach');
        })());
        yield* wait(sleep(10));
        h.detach();
        h.detach();
      })());
      await collect();
      expect(reported).to.deep.equal(['late detach']);
    });
  });
}
