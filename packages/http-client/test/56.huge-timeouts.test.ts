import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import { spawnDelayServer } from '@ferrite/delayserver';
import { Runtime } from '@ferrite/executor';
import { coroutine, wait } from '@ferrite/future';
import { sleep } from '@ferrite/reactor';
import { HttpClient } from '../src/index.js';
import { failRaw } from './util/respond.js';

const SRC = new URL('../src/index.ts', import.meta.url).href;

describe('huge timeouts never poison the client or its runtime', () => {
  // A child process: with the old reactor, a failed timer arming inside Node's loop exits the
  // process. TimerFd.set is made as strict as the native binding once was (EINVAL past 2^31-1 ms)
  // so that the test does not depend on what the binding does with huge values.
  it('Number.MAX_VALUE / 1e300 as connect, headers, body and idle timeouts: every request works, in both run modes', () => {
    const code = `
      const { HttpClient } = await import(${JSON.stringify(SRC)});
      const { Runtime } = await import('@ferrite/executor');
      const { TimerFd } = await import('@ferrite/epoll');
      const { createServer } = await import('node:http');
      const set = TimerFd.prototype.set;
      TimerFd.prototype.set = function (ms) { if (!(ms <= 0x7fffffff)) throw Object.assign(new Error('EINVAL'), { code: 'EINVAL' }); return set.call(this, ms); };
      const server = createServer((req, res) => res.end('ok ' + req.url)).listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      const url = 'http://127.0.0.1:' + server.address().port;
      const out = [];
      for (const huge of [Number.MAX_VALUE, 1e300]) {
        const client = new HttpClient({ idleTimeout: huge, defaults: { connectTimeout: huge, headersTimeout: huge, bodyTimeout: huge } });
        for (let i = 0; i < 3; i++) out.push((await client.get(url + '/' + i)).text());
        out.push(client.connections);
        client.close();
      }
      server.close();
      console.log(JSON.stringify(out));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: new URL('..', import.meta.url).pathname,
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout)).to.deep.equal(['ok /0', 'ok /1', 'ok /2', 1, 'ok /0', 'ok /1', 'ok /2', 1]);
  });

  it('under blockOn too: GETs with huge timeouts, then an ordinary one, on one runtime', async () => {
    const server = await spawnDelayServer();
    try {
      using rt = new Runtime();
      using client = new HttpClient({ runtime: rt, idleTimeout: Number.MAX_VALUE });
      const huge = { connectTimeout: 1e300, headersTimeout: 1e300, bodyTimeout: Number.MAX_VALUE };
      const texts = rt.blockOn(coroutine(function* () {
        const a = yield* wait(client.get(`${server.url}/5/a`, huge));
        const b = yield* wait(client.get(`${server.url}/5/b`));
        return [a.text(), b.text()];
      })());
      expect(texts).to.deep.equal(['a', 'b']);
      expect(rt.blockOn(sleep(1))).to.equal(undefined);
    } finally {
      await server.close();
    }
  });

  it('a declared body too large for any Buffer is ERR_HTTP_BODY_TOO_LARGE, even with maxBodySize: Infinity', async () => {
    expect(await failRaw('HTTP/1.1 200 OK\r\nContent-Length: 100000000000000\r\n\r\nabc', { maxBodySize: Infinity })).to.equal('ERR_HTTP_BODY_TOO_LARGE');
  });
});
