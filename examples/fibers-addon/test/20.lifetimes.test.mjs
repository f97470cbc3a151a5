// Closing the runtime while every client waits on a silent server: no fiber is resumed, each
// fiber's cleanup closes its socket, so the process has exactly the fds it had before. Both modes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FiberRuntime } from '@ferrite/fibers';
import { spawnClients } from '../index.js';
import { startServer } from './servers.mjs';
import { fdCount } from './util.mjs';

let silent;
before(async () => {
  silent = await startServer('silent');
});
after(() => silent.close());

const N = 40;

describe('close() while fibers wait', () => {
  it('run() side: step() until all are connected and waiting, then close: no fd left, none reported', async () => {
    await silent.dropAll();
    const fds = fdCount();
    const rt = new FiberRuntime();
    const done = [];
    const start = silent.accepted();
    spawnClients(rt, { port: silent.port, count: N, timeoutMs: -1, request: () => 'x', onDone: (r) => done.push(r) });
    for (let i = 0; i < 1000 && silent.accepted() < start + N; i++) {
      rt.step();
      silent.waitAccepted(start + N, 5);
    }
    rt.step();
    assert.equal(silent.accepted() - start, N);
    assert.equal(rt.stats().live, N);
    assert.ok(fdCount() >= fds + N);
    rt.close();
    await silent.dropAll(); // the server's ends of the connections (same process, other thread)
    assert.equal(fdCount(), fds);
    assert.deepEqual(done, []);
  });

  it('runInLoop() side: close() rejects the pending run with ERR_CLOSED; no fd left, none reported', async () => {
    await silent.dropAll();
    const fds = fdCount();
    const rt = new FiberRuntime();
    const done = [];
    const start = silent.accepted();
    spawnClients(rt, { port: silent.port, count: N, timeoutMs: -1, request: () => 'x', onDone: (r) => done.push(r) });
    const running = rt.runInLoop();
    for (let i = 0; i < 1000 && silent.accepted() < start + N; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(rt.stats().live, N);
    rt.close();
    await assert.rejects(running, { code: 'ERR_CLOSED' });
    await silent.dropAll();
    assert.equal(fdCount(), fds);
    assert.deepEqual(done, []);
  });
});
