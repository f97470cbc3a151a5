// HTTP over a Unix domain socket (`socketPath`, per client and per request) against node:http
// servers listening on a path: in-process (awaited) and in a child process (blockOn, which
// pauses this process's loop). Missing path, too long, https refused, pools keyed by path.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { Runtime } from '@ferrite/executor';
import { coroutine, wait } from '@ferrite/future';
import { HttpClient, Http } from '../src/index.js';
import { fdCount } from './util/scripted.js';

/** Answers `<name> <Host header> <url>`; keeps connections alive. The child's server is the same, as source. */
const answer = (name: string) => (req: IncomingMessage, res: ServerResponse) => res.end(`${name} ${req.headers.host} ${req.url}`);
const HANDLER = (name: string) => `(req, res) => res.end(${JSON.stringify(name)} + ' ' + req.headers.host + ' ' + req.url)`;

async function listen(path: string, name: string): Promise<Server> {
  const server = createServer(answer(name));
  server.listen(path);
  await once(server, 'listening');
  return server;
}

async function listenInChild(path: string): Promise<ChildProcess> {
  const code = `require('node:http').createServer(${HANDLER('child')}).listen(${JSON.stringify(path)}, () => process.stdout.write('ready\\n'));`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  await once(child.stdout!, 'data');
  return child;
}

describe('HTTP over a Unix socket (socketPath)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ferrite-http-unix-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('awaited in-process: per request, the URL host is only the Host header; the connection is reused; fds back', async () => {
    const path = join(dir, 'a.sock');
    const before = fdCount();
    const server = await listen(path, 'a');
    try {
      const client = new HttpClient();
      const r1 = await client.get('http://docker/v1.43/info', { socketPath: path });
      expect([r1.status, r1.text()]).to.deep.equal([200, 'a docker /v1.43/info']);
      const r2 = await client.get('http://docker:8080/again', { socketPath: path });
      expect(r2.text()).to.equal('a docker:8080 /again');
      expect(client.connections).to.equal(2); // two origins: two pools on the same socket
      const r3 = await client.get('http://docker/third', { socketPath: path });
      expect(r3.text()).to.equal('a docker /third');
      expect(client.connections).to.equal(2); // reused
      client.close();
    } finally {
      server.close();
    }
    await once(server, 'close'); // its ends of the connections are closed too
    expect(fdCount()).to.equal(before);
  });

  it('per client (options.socketPath or defaults.socketPath); pools are keyed by path as well as origin', async () => {
    const [pa, pb] = [join(dir, 'a.sock'), join(dir, 'b.sock')];
    const [a, b] = [await listen(pa, 'a'), await listen(pb, 'b')];
    try {
      const client = new HttpClient({ socketPath: pa });
      expect((await client.get('http://svc/x')).text()).to.equal('a svc /x');
      expect((await client.get('http://svc/y', { socketPath: pb })).text()).to.equal('b svc /y');
      expect((await client.get('http://svc/z')).text()).to.equal('a svc /z');
      expect(client.connections).to.equal(2);
      client.close();
      const viaDefaults = new HttpClient({ defaults: { socketPath: pb } });
      expect((await viaDefaults.get('http://svc/d')).text()).to.equal('b svc /d');
      viaDefaults.close();
      expect(await Http.get('http://svc/once', { socketPath: pa }).then((r) => r.text())).to.equal('a svc /once');
    } finally {
      a.close();
      b.close();
    }
  });

  it('an abstract socket name (Node 20 pads its own to the whole sun_path: the padded name reaches it)', async () => {
    const name = `\0ferrite-http-${process.pid}`;
    const server = await listen(name, 'abstract');
    try {
      using client = new HttpClient();
      const padded = name + '\0'.repeat(108 - name.length);
      expect((await client.get('http://local/abs', { socketPath: padded })).text()).to.equal('abstract local /abs');
      // The exact name is another socket (the kernel compares every byte): nobody listens there.
      const err = await client.get('http://local/abs', { socketPath: name }).then(() => null, (e: unknown) => e);
      expect(err).to.have.property('code', 'ECONNREFUSED');
    } finally {
      server.close();
    }
  });

  it('under blockOn, the server in a child process; fds back to the baseline', async () => {
    const path = join(dir, 'c.sock');
    const child = await listenInChild(path);
    try {
      const before = fdCount();
      using rt = new Runtime();
      const client = new HttpClient({ runtime: rt, socketPath: path });
      const texts = rt.blockOn(coroutine(function* () {
        const out: string[] = [];
        for (const p of ['/1', '/2', '/3']) out.push((yield* wait(client.get(`http://child${p}`))).text());
        return out;
      })());
      expect(texts).to.deep.equal(['child child /1', 'child child /2', 'child child /3']);
      expect(client.connections).to.equal(1);
      client.close();
      rt.close();
      expect(fdCount()).to.equal(before);
    } finally {
      child.kill();
    }
  });

  it('a missing path fails with ENOENT (syscall connect, address the path) in both run modes; nothing stays open', async () => {
    const missing = join(dir, 'missing.sock');
    const before = fdCount();
    const client = new HttpClient();
    const err = await client.get('http://x/', { socketPath: missing }).then(() => null, (e: unknown) => e);
    expect(err).to.include({ code: 'ENOENT', syscall: 'connect', address: missing });
    using rt = new Runtime();
    const blocking = new HttpClient({ runtime: rt, socketPath: missing });
    expect(() => rt.blockOn(blocking.get('http://x/'))).to.throw().that.includes({ code: 'ENOENT' });
    client.close();
    blocking.close();
    rt.close();
    expect(fdCount()).to.equal(before);
  });

  it('a path too long is ERR_INVALID_ARG_VALUE at the call, never a truncated name; bad types are ERR_INVALID_ARG_TYPE', () => {
    const long = join(dir, 'x'.repeat(120));
    expect(() => new HttpClient({ socketPath: long })).to.throw().with.property('code', 'ERR_INVALID_ARG_VALUE');
    using client = new HttpClient();
    expect(() => client.get('http://x/', { socketPath: long })).to.throw().with.property('code', 'ERR_INVALID_ARG_VALUE');
    expect(() => client.get('http://x/', { socketPath: '' })).to.throw().with.property('code', 'ERR_INVALID_ARG_VALUE');
    expect(() => client.get('http://x/', { socketPath: 5 as unknown as string })).to.throw().with.property('code', 'ERR_INVALID_ARG_TYPE');
    expect(() => new HttpClient({ socketPath: '/a.sock', defaults: { socketPath: '/b.sock' } })).to.throw().with.property('code', 'ERR_INVALID_ARG_VALUE');
  });

  it('a socket in a directory the caller may not search: EACCES (as an unprivileged user when run as root)', async () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    const path = join(locked, 's.sock');
    const server = await listen(path, 'locked');
    chmodSync(locked, 0o000);
    chmodSync(dir, 0o755);
    try {
      if (process.getuid?.() === 0) {
        // root passes every permission check: the client runs as nobody, in a child (blockOn).
        const code = `const { HttpClient } = await import(${JSON.stringify(new URL('../src/index.ts', import.meta.url).href)});
          const { Runtime } = await import('@ferrite/executor');
          const rt = new Runtime();
          try { rt.blockOn(new HttpClient({ runtime: rt }).get('http://x/', { socketPath: ${JSON.stringify(path)} })); process.stdout.write('ok'); }
          catch (e) { process.stdout.write(e.code + ' ' + e.syscall); }`;
        const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code],
          { uid: 65534, gid: 65534, encoding: 'utf8', cwd: new URL('..', import.meta.url).pathname });
        expect(r.stdout, r.stderr).to.equal('EACCES connect');
      } else {
        using client = new HttpClient();
        const err = await client.get('http://x/', { socketPath: path }).then(() => null, (e: unknown) => e);
        expect(err).to.include({ code: 'EACCES', syscall: 'connect' });
      }
    } finally {
      chmodSync(locked, 0o700);
      server.close();
    }
  });

  it('https: over a Unix socket is refused with ERR_HTTP_UNSUPPORTED_PROTOCOL', async () => {
    using client = new HttpClient();
    const err = await client.get('https://x/', { socketPath: join(dir, 's.sock') }).then(() => null, (e: unknown) => e);
    expect(err).to.have.property('code', 'ERR_HTTP_UNSUPPORTED_PROTOCOL');
  });
});
