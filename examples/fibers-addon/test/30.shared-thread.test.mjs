// runInLoop(): the fibers share the thread with Node, so the server can be on the same thread (a
// blocking run() would leave it unable to answer: every client would time out), and a fiber
// spawned from a Node callback while the run is pending joins it.
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import { FiberRuntime } from '@ferrite/fibers';
import { spawnClients } from '../index.js';
import { closedAfterEach } from './util.mjs';

const track = closedAfterEach();

describe('runInLoop() shares the thread', () => {
  it('clients against a node:net server on this very thread; late spawns join', async () => {
    const server = net.createServer({ allowHalfOpen: true }, (s) => s.pipe(s)).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address();
    const rt = track(new FiberRuntime());
    const results = [];
    const onDone = (r) => results.push(r);
    spawnClients(rt, { port, count: 20, timeoutMs: 5000, request: (i) => `a${i}`, onDone });
    const running = rt.runInLoop();
    // Spawned from a Node callback while the run is pending: the run takes them in.
    setImmediate(() => spawnClients(rt, { port, count: 5, timeoutMs: 5000, request: (i) => `b${i}`, onDone }));
    await running;
    await new Promise((resolve) => server.close(resolve));
    assert.equal(results.length, 25);
    assert.ok(results.every((r) => r.code === 'OK'));
    assert.deepEqual(results.map((r) => Buffer.from(r.reply).toString()).sort(), [...Array.from({ length: 20 }, (_, i) => `a${i}`), ...Array.from({ length: 5 }, (_, i) => `b${i}`)].sort());
  });
});
