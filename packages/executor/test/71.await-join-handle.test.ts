import { expect } from 'chai';
import { Poll, coroutine, pollFn, wait } from '@ferrite/future';
import { sleep } from '@ferrite/reactor';
import { Runtime, currentRuntime } from '../src/index.js';
import { child } from './util/child.js';

describe('await rt.spawn(f) when nothing runs rt', () => {
  it('drives rt inside Node\'s loop: the handle settles with the task\'s value', async () => {
    using rt = new Runtime();
    const h = rt.spawn(coroutine(function* () {
      yield* wait(sleep(10));
      return 'spawned';
    })());
    expect(await h).to.equal('spawned');
  });

  it('runs the task on its own runtime, not on the default one', async () => {
    using rt = new Runtime();
    expect(await rt.spawn(pollFn(() => Poll.ready(currentRuntime())))).to.equal(rt);
  });

  it('a script that only does console.log(await rt.spawn(f)) prints the value and exits 0', () => {
    const r = child(`
      const rt = new E.Runtime();
      console.log(await rt.spawn(F.coroutine(function* () {
        yield* F.wait(R.sleep(20));
        return 'the value';
      })()));`);
    expect(r.stderr).to.equal('');
    expect(r.stdout.trim()).to.equal('the value');
    expect(r.status).to.equal(0);
  });

  it('a failing task rejects the await with its error', async () => {
    using rt = new Runtime();
    let code = '';
    try {
      await rt.spawn(coroutine(function* () {
        yield* wait(sleep(1));
        throw Object.assign(new Error('task failed'), { code: 'E_TASK' });
      })());
    } catch (err) {
      code = (err as { code: string }).code;
    }
    expect(code).to.equal('E_TASK');
  });
});
