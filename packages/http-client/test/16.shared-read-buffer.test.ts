// Every connection of a thread reads into one scratch buffer (read-buffer.ts). Over real sockets:
// heads and chunked bodies split into pieces that arrive interleaved on many connections at once
// must each come out whole and unmixed; a body chunk handed out stays intact while other
// connections read; and two workers, each with its own scratch, never see each other's bytes.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Socket } from 'node:net';
import { expect } from 'chai';
import { HttpClient } from '../src/index.js';
import { fdCount, scripted, send } from './util/scripted.js';

// tsx's ESM API (what 95.workers.test.ts gets from import.meta.resolve, which a CJS-compiled run lacks).
const TSX = new URL('dist/esm/api/index.mjs', pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json'))).href;
const tick = () => new Promise((r) => setImmediate(r));

/** Answers `/<name>` with a chunked body of `name` repeated, head and body cut into pieces sent one per loop turn. */
async function trickling(socket: Socket, request: string): Promise<void> {
  const name = request.split(' ')[1]!.slice(1);
  const body = name.repeat(50);
  const raw = `HTTP/1.1 200 OK\r\nX-Name: ${name}\r\nX-Filler: ${'f'.repeat(200)}\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
  for (let i = 0; i < raw.length && !socket.destroyed; i += 37) {
    socket.write(raw.slice(i, i + 37), 'latin1');
    await tick();
  }
}

describe('one read buffer per thread, shared by its connections', () => {
  it('50 responses trickled in pieces at once: every head and body whole and unmixed, no fd left', async () => {
    const warmServer = await scripted((s, req) => void trickling(s, req));
    const warm = new HttpClient();
    await warm.get(`${warmServer.url}/warm-`); // the thread's runtime and its fds exist from here
    warm.close();
    await warmServer.close();
    const fds = fdCount();
    const server = await scripted((s, req) => void trickling(s, req));
    const client = new HttpClient({ maxConnections: 50 });
    try {
      const names = Array.from({ length: 50 }, (_, i) => `n${i}-`);
      const got = await Promise.all(names.map((n) => client.get(`${server.url}/${n}`)));
      expect(got.map((r) => [r.headers.get('x-name'), r.text()])).to.deep.equal(names.map((n) => [n, n.repeat(50)]));
    } finally {
      client.close();
      await server.close();
    }
    expect(fdCount()).to.equal(fds);
  });

  it('body bytes read with a streamed head survive other connections reading, and a chunk handed out stays intact', async () => {
    const server = await scripted((s, req) => {
      if (req.startsWith('GET /a ')) send(s, 'HTTP/1.1 200 OK', 'Content-Length: 2000', '', 'a'.repeat(1000));
      else send(s, 'HTTP/1.1 200 OK', 'Content-Length: 1000', '', 'b'.repeat(1000));
    });
    const client = new HttpClient();
    const bs = async () => (await Promise.all([1, 2, 3].map(() => client.get(`${server.url}/b`)))).map((r) => r.text());
    try {
      const a = await client.stream(`${server.url}/a`); // its first body bytes came with the head, unread
      expect(await bs()).to.deep.equal(['b', 'b', 'b'].map((c) => c.repeat(1000)));
      const first = await a.body.next();
      expect(Buffer.from(first!).toString('latin1')).to.equal('a'.repeat(1000));
      await bs();
      expect(Buffer.from(first!).toString('latin1')).to.equal('a'.repeat(1000));
      a.cancel();
    } finally {
      client.close();
      await server.close();
    }
  });

  it('two workers, each with its own client and scratch, read trickled responses at once', async function () {
    this.timeout(60_000);
    const server = await scripted((s, req) => void trickling(s, req));
    const code = `(async () => {
      (await import(${JSON.stringify(TSX)})).register();
      const { HttpClient } = await import(${JSON.stringify(new URL('../src/index.ts', import.meta.url).href)});
      const { parentPort, workerData } = await import('node:worker_threads');
      const client = new HttpClient({ maxConnections: 20 });
      const names = Array.from({ length: 20 }, (_, i) => workerData.tag + i + '-');
      const got = await Promise.all(names.map((n) => client.get(workerData.url + '/' + n)));
      const bad = got.filter((r, i) => r.text() !== names[i].repeat(50) || r.headers.get('x-name') !== names[i]).length;
      client.close();
      parentPort.postMessage(bad);
    })().catch((e) => { console.error(e); process.exit(1); });`;
    try {
      const run = (tag: string) => new Promise<number>((resolve, reject) => {
        const w = new Worker(code, { eval: true, workerData: { url: server.url, tag } });
        let bad = -1;
        w.once('message', (n: number) => (bad = n));
        w.once('error', reject);
        w.once('exit', (c) => (c === 0 ? resolve(bad) : reject(new Error(`worker exit code ${c}`))));
      });
      expect(await Promise.all([run('x'), run('y')])).to.deep.equal([0, 0]);
    } finally {
      await server.close();
    }
  });
});
