import { expect } from 'chai';
import { Worker } from 'node:worker_threads';

// The task registry, the awaited-promise table and the forgotten-handle registry are module
// state: each worker thread has its own, and a runtime there works as on the main thread.
describe('tasks in a worker thread', () => {
  it('joins, awaits a handle and reports a dropped failed handle, then exits cleanly', async () => {
    const worker = new Worker(new URL('./util/tasks-worker.mjs', import.meta.url));
    const [msg, code] = await Promise.all([
      new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject)),
      new Promise((resolve) => worker.once('exit', resolve)),
    ]);
    expect(msg).to.deep.equal({ sum: (1999 * 2000) / 2, awaited: 'awaited', reported: ['dropped in a worker'], tasks: 0 });
    expect(code).to.equal(0);
  });
});
