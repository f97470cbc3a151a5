// Closing the runtime while every client waits on a silent server: no fiber is resumed, each
// fiber's cleanup closes its socket, so the process has exactly the fds it had before. Both modes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FiberRuntime } from '@ferrite/fibers';
import { spawnClients } from '../index.js';
import { fdCount, useServers } from './util.mjs';

const servers = useServers('silent');
const N = 40;

// N clients on a fresh runtime, every one waiting for a reply that never comes: untilWaiting(rt,
// target) drives the runtime until the server's accepted count reaches target (and may return a
// check of how the pending run settles). Then close(): no fd is left and no client reported.
async function closeWhileWaiting(untilWaiting) {
  const { silent } = servers;
  await silent.dropAll();
  const fds = fdCount();
  const rt = new FiberRuntime();
  const done = [];
  const start = silent.accepted();
  spawnClients(rt, { port: silent.port, count: N, timeoutMs: -1, request: () => 'x', onDone: (r) => done.push(r) });
  const settled = await untilWaiting(rt, start + N);
  assert.equal(silent.accepted() - start, N);
  assert.equal(rt.stats().live, N);
  assert.ok(fdCount() >= fds + N);
  rt.close();
  await settled?.();
  await silent.dropAll(); // the server's ends of the connections (same process, other thread)
  assert.equal(fdCount(), fds);
  assert.deepEqual(done, []);
}

describe('close() while fibers wait', () => {
  it('run() side: step() until all are connected and waiting, then close: no fd left, none reported', async () => {
    await closeWhileWaiting((rt, target) => {
      for (let i = 0; i < 1000 && servers.silent.accepted() < target; i++) {
        rt.step();
        servers.silent.waitAccepted(target, 5);
      }
      rt.step();
    });
  });

  it('runInLoop() side: close() rejects the pending run with ERR_CLOSED; no fd left, none reported', async () => {
    await closeWhileWaiting(async (rt, target) => {
      const running = rt.runInLoop();
      for (let i = 0; i < 1000 && servers.silent.accepted() < target; i++) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setImmediate(resolve));
      return () => assert.rejects(running, { code: 'ERR_CLOSED' });
    });
  });
});
