import { expect } from 'chai';
import { Runtime, TaskAborted } from '../src/index.js';
import { readdirSync, readlinkSync } from 'node:fs';
import { forever } from './util/tasks.js';

// Review of "close() finds the never-polled tasks in the queue": a run() root never polled is in
// the queue too (it is listed from the start, as a root); close() right after run() must fail it
// with ERR_CLOSED and drop it once, after the spawned tasks, as before the change.

const fdList = () =>
  readdirSync('/proc/self/fd').map((fd) => {
    try {
      return `${fd}->${readlinkSync(`/proc/self/fd/${fd}`)}`;
    } catch {
      return fd; // the directory's own fd, gone by now
    }
  });

const settle = (p: PromiseLike<unknown>) => Promise.resolve(p).then((v) => ({ value: v }), (e) => ({ error: e as unknown }));

describe('review: close() right after run(), nothing polled yet', () => {
  it('the root fails with ERR_CLOSED, every future dropped once (tasks newest first, then the root), fds back', async () => {
    const before = new Set(fdList());
    const log: string[] = [];
    const rt = new Runtime();
    const a = rt.spawn(forever('a', log));
    const b = rt.spawn(forever('b', log));
    const root = settle(rt.run(forever('root', log)));
    const c = rt.spawn(forever('c', log));
    rt.close();
    expect(log).to.deep.equal(['c', 'b', 'a', 'root']);
    const r = await root;
    expect((r as { error?: { code?: string } }).error?.code).to.equal('ERR_CLOSED');
    for (const h of [a, b, c]) expect(((await settle(h)) as { error?: unknown }).error).to.be.instanceOf(TaskAborted);
    expect(rt.tasks).to.equal(0);
    // None of the runtime's fds is left (compared by fd and target: another fd of this process
    // closing meanwhile, as happens while mocha starts, must not fail the test).
    expect(fdList().filter((f) => !before.has(f))).to.deep.equal([]);
  });
});
