import { expect } from 'chai';
import { HttpClient } from '../src/index.js';
import { scripted, send } from './util/scripted.js';

const until = async (cond: () => boolean, ms = 2000) => {
  const t0 = Date.now();
  while (!cond() && Date.now() - t0 < ms) await new Promise((r) => setTimeout(r, 5));
};

describe('idle pooled connections', () => {
  it('are closed as soon as the server closes them, without another request', async () => {
    const srv = await scripted((s) => {
      send(s, 'HTTP/1.1 200 OK', 'Content-Length: 2', '', 'ok');
      setTimeout(() => s.end(), 30); // the server's own keep-alive timeout, short
    });
    const client = new HttpClient();
    try {
      await client.get(`${srv.url}/`);
      expect(client.connections).to.equal(1);
      await until(() => client.connections === 0);
      expect(client.connections).to.equal(0);
    } finally {
      client.close();
      await srv.close();
    }
  });

  it('are closed once idle longer than idleTimeout, without another request', async () => {
    const srv = await scripted((s) => send(s, 'HTTP/1.1 200 OK', 'Content-Length: 2', '', 'ok'));
    const client = new HttpClient({ idleTimeout: 40 });
    try {
      await client.get(`${srv.url}/`);
      expect(client.connections).to.equal(1);
      await until(() => client.connections === 0);
      expect(client.connections).to.equal(0);
    } finally {
      client.close();
      await srv.close();
    }
  });
});

describe('an idle pool and the process', () => {
  it('keeps no process alive: a client with a pooled connection exits when its work is done', async () => {
    const srv = await scripted((s) => send(s, 'HTTP/1.1 200 OK', 'Content-Length: 2', '', 'ok')); // keeps connections open
    const { spawn } = await import('node:child_process');
    const src = new URL('../src/index.ts', import.meta.url).href;
    const code = `const { HttpClient } = await import(${JSON.stringify(src)});
      const client = new HttpClient();
      const res = await client.get('${srv.url}/');
      console.log(res.text(), client.connections);`;
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
        cwd: new URL('..', import.meta.url).pathname,
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      const t0 = Date.now();
      const exit = await new Promise<number | null>((resolve) => {
        const killer = setTimeout(() => child.kill(), 15_000);
        child.on('exit', (c) => {
          clearTimeout(killer);
          resolve(c);
        });
      });
      expect(out.trim()).to.equal('ok 1');
      expect(exit).to.equal(0);
      expect(Date.now() - t0).to.be.below(10_000);
    } finally {
      await srv.close();
    }
  });
});
