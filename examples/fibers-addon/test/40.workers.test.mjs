// The consumer inside worker threads: each worker loads @ferrite/fibers and this addon, runs its
// clients in both modes, and exits; a worker terminated while its fibers wait leaves no fd.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { fdCount, useServers } from './util.mjs';

const index = new URL('../index.js', import.meta.url).href;
const body = (port, count, timeoutMs) => `
  const { FiberRuntime } = await import('@ferrite/fibers');
  const { spawnClients } = await import(${JSON.stringify(index)});
  const { parentPort } = await import('node:worker_threads');
  const codes = [];
  const rt = new FiberRuntime({ stackSize: 64 * 1024 });
  spawnClients(rt, { port: ${port}, count: ${count}, timeoutMs: ${timeoutMs}, request: (i) => 'w' + i, onDone: (r) => codes.push(r.code) });
  parentPort.postMessage('started');
  rt.run();
  spawnClients(rt, { port: ${port}, count: ${count}, timeoutMs: ${timeoutMs}, request: (i) => 'w' + i, onDone: (r) => codes.push(r.code) });
  await rt.runInLoop();
  rt.close();
  parentPort.postMessage(codes);
`;
const worker = (port, count, timeoutMs) => new Worker(`(async () => {${body(port, count, timeoutMs)}})()`, { eval: true });

const servers = useServers('echo', 'silent');

describe('worker threads', () => {
  it('four workers at once, 25 clients each, in both modes', async () => {
    const results = await Promise.all(
      Array.from({ length: 4 }, () => {
        const w = worker(servers.echo.port, 25, 5000);
        return new Promise((resolve, reject) => {
          w.on('message', (m) => m !== 'started' && resolve(m));
          w.once('error', reject);
        }).finally(() => w.terminate());
      }),
    );
    for (const codes of results) assert.deepEqual(codes, Array(50).fill('OK'));
  });

  it('terminate() while 30 fibers wait on a silent server: the env cleanup closes their sockets', async () => {
    await servers.silent.dropAll();
    const fds = fdCount();
    const start = servers.silent.accepted();
    const w = worker(servers.silent.port, 30, -1);
    await new Promise((resolve) => w.once('message', resolve));
    for (let i = 0; i < 1000 && servers.silent.accepted() < start + 30; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(servers.silent.accepted() - start, 30);
    await w.terminate();
    await servers.silent.dropAll();
    assert.equal(fdCount(), fds);
  });
});
