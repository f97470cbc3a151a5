import { expect } from 'chai';
import { FerriteError, pending, ready } from '@ferrite/future';
import { sleep } from '@ferrite/reactor';
import { JoinHandle, Runtime, RuntimeError, TaskAborted, currentRuntime, type RuntimeErrorCode } from '../src/index.js';

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('executor errors: RuntimeError on FerriteError, ERR_CLOSED spelled as everywhere', () => {
  it('a closed runtime refuses with a RuntimeError of code ERR_CLOSED', () => {
    const rt = new Runtime();
    rt.close();
    const err = caught(() => rt.spawn(ready(1)));
    expect(err).to.be.instanceOf(RuntimeError).and.instanceOf(FerriteError);
    expect(err).to.include({ name: 'RuntimeError', code: 'ERR_CLOSED' satisfies RuntimeErrorCode });
    expect((err as Error).message).to.match(/Runtime is closed/);
  });

  it('deadlock, nested blockOn and no runtime are RuntimeErrors with their codes', () => {
    using rt = new Runtime();
    expect(caught(() => rt.blockOn(pending()))).to.be.instanceOf(RuntimeError).with.property('code', 'ERR_DEADLOCK');
    expect(caught(() => currentRuntime())).to.be.instanceOf(RuntimeError).with.property('code', 'ERR_NO_RUNTIME');
    const nested = rt.blockOn({ poll: () => ({ value: caught(() => rt.blockOn(ready(1))) }) });
    expect(nested).to.be.instanceOf(RuntimeError).with.property('code', 'ERR_NESTED_BLOCK_ON');
  });

  it('an aborted task fails with TaskAborted, a RuntimeError named TaskAborted', () => {
    using rt = new Runtime();
    const h = rt.spawn(sleep(10_000));
    h.abort();
    const err = caught(() => rt.blockOn(h));
    expect(err).to.be.instanceOf(TaskAborted).and.instanceOf(RuntimeError);
    expect(err).to.include({ name: 'TaskAborted', code: 'ERR_TASK_ABORTED' });
  });
});

describe("the Runtime's public type carries only its documented API", () => {
  it('no scheduler or task-owner role (schedule, abort(task), reportUnobserved) and no polls counter', () => {
    using rt = new Runtime();
    for (const name of ['schedule', 'abort', 'reportUnobserved', 'polls', 'attach']) {
      expect(name in rt, name).to.equal(false);
    }
  });

  it('a JoinHandle cannot be made by hand', () => {
    expect(() => new (JoinHandle as unknown as new () => unknown)()).to.throw(RuntimeError).with.property('code', 'ERR_ILLEGAL_CONSTRUCTOR');
  });
});
