import { spawnSync } from 'node:child_process';
import { expect } from 'chai';

const SRC = new URL('../src/index.ts', import.meta.url).href;

/** Runs `body` in a child with gc() exposed, a keep-alive Node server at `url`, `fdCount()` and `collect()`. */
function child(body: string) {
  const code = `
    const { HttpClient } = await import(${JSON.stringify(SRC)});
    const { createServer } = await import('node:http');
    const { readdirSync } = await import('node:fs');
    const fdCount = () => readdirSync('/proc/self/fd').length;
    const collect = async () => { for (let i = 0; i < 6; i++) { globalThis.gc(); await new Promise((r) => setImmediate(r)); } };
    let connections = 0;
    const server = createServer((req, res) => res.end('ok')).listen(0, '127.0.0.1');
    server.on('connection', () => connections++);
    await new Promise((r) => server.once('listening', r));
    const url = 'http://127.0.0.1:' + server.address().port + '/';
    ${body}
    server.closeAllConnections(); server.close();`;
  return spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: new URL('..', import.meta.url).pathname,
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
}

const warnings = (stderr: string) => stderr.split('\n').filter((l) => l.includes('FERRITE_UNCLOSED'));

describe('an HttpClient dropped without close() is closed when collected', () => {
  // A client owns no runtime: requests awaited from Node run on the thread's default runtime,
  // which outlives any client, so the baseline is taken once that runtime exists.
  it('its pooled connection is closed: fds back to the baseline, one warning', () => {
    const r = child(`
      const { defaultRuntime } = await import('@ferrite/executor');
      defaultRuntime();
      const before = fdCount();
      await (async () => {
        const client = new HttpClient();
        console.log((await client.get(url)).text(), client.connections);
      })();
      await collect();
      await new Promise((r) => setTimeout(r, 20)); // the server side of the connection closes too
      console.log(fdCount() - before);`);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout.trim().split('\n')).to.deep.equal(['ok 1', '0']);
    expect(warnings(r.stderr)).to.have.length(1);
    expect(r.stderr).to.include('Closing an HttpClient on garbage collection (1 pooled connection(s))');
  });

  it('never while it is held: its idle pooled connection survives GC and is reused', () => {
    const r = child(`
      const client = new HttpClient();
      await client.get(url);
      await collect();
      const again = await client.get(url);
      console.log(again.text(), connections, client.connections);
      client.close();`);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout.trim()).to.equal('ok 1 1');
    expect(warnings(r.stderr)).to.deep.equal([]);
  });

  it('never while a request of it is in flight, even if nobody holds the client', () => {
    const r = child(`
      let answer;
      server.removeAllListeners('request');
      server.on('request', (req, res) => (answer = () => res.end('late')));
      const pending = new HttpClient().get(url).then((res) => res.text()); // nobody holds the client
      while (answer === undefined) await new Promise((r) => setTimeout(r, 5));
      await collect(); // the request is in flight: the client must survive this
      answer();
      console.log(await pending);`);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout.trim()).to.equal('late');
  });
});
