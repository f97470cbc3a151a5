// N concurrent TCP clients in straight-line C, each a fiber: against an echo server, a port nobody
// listens on, a server that never answers, and a request() that throws. Both run modes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FiberRuntime } from '@ferrite/fibers';
import { spawnClients } from '../index.js';
import { closedAfterEach, closedPort, modes, useServers } from './util.mjs';

const track = closedAfterEach();
const servers = useServers('echo', 'silent');

for (const [mode, runIt] of Object.entries(modes)) {
  describe(mode, () => {
    it('200 clients connect, send, read their echo to EOF, and report it', async () => {
      const rt = track(new FiberRuntime({ stackSize: 64 * 1024 }));
      const results = [];
      spawnClients(rt, { port: servers.echo.port, count: 200, request: (i) => `request ${i}\n`.repeat(i % 7 + 1), onDone: (r) => results.push(r) });
      await runIt(rt);
      assert.equal(results.length, 200);
      for (const r of results) {
        assert.equal(r.code, 'OK', `client ${r.index}: ${r.code}`);
        assert.equal(Buffer.from(r.reply).toString(), `request ${r.index}\n`.repeat(r.index % 7 + 1));
      }
      assert.equal(new Set(results.map((r) => r.fiberId)).size, 200);
      assert.equal(rt.stats().live, 0);
    });

    it('a request of bytes (a Uint8Array) goes out as bytes', async () => {
      const rt = track(new FiberRuntime());
      const results = [];
      spawnClients(rt, { port: servers.echo.port, count: 1, request: () => new Uint8Array([0, 255, 10]), onDone: (r) => results.push(r) });
      await runIt(rt);
      assert.deepEqual([...results[0].reply], [0, 255, 10]);
    });

    it('a port nobody listens on: ECONNREFUSED', async () => {
      const rt = track(new FiberRuntime());
      const codes = [];
      spawnClients(rt, { port: await closedPort(), count: 3, request: () => 'x', onDone: (r) => codes.push(r.code) });
      await runIt(rt);
      assert.deepEqual(codes, ['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED']);
    });

    it('a server that never answers: ETIMEDOUT after timeoutMs', async () => {
      const rt = track(new FiberRuntime());
      const codes = [];
      spawnClients(rt, { port: servers.silent.port, count: 3, timeoutMs: 30, request: () => 'x', onDone: (r) => codes.push(r.code) });
      await runIt(rt);
      assert.deepEqual(codes, ['ETIMEDOUT', 'ETIMEDOUT', 'ETIMEDOUT']);
    });

    it('request() that throws: that fiber hears it (ECANCELED, the message); the others go on', async () => {
      const rt = track(new FiberRuntime());
      const results = [];
      const request = (i) => {
        if (i === 1) throw new Error('no request for you');
        return `hi ${i}`;
      };
      spawnClients(rt, { port: servers.echo.port, count: 3, request, onDone: (r) => results.push(r) });
      await runIt(rt);
      const byIndex = Object.fromEntries(results.map((r) => [r.index, r]));
      assert.equal(byIndex[1].code, 'ECANCELED');
      assert.equal(byIndex[1].error, 'no request for you');
      assert.equal(Buffer.from(byIndex[0].reply).toString(), 'hi 0');
      assert.equal(Buffer.from(byIndex[2].reply).toString(), 'hi 2');
    });
  });
}
