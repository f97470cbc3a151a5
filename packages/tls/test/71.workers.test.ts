// Worker threads: a worker that uses TLS and ends, or is terminated mid-handshake, never takes
// the process down and leaves nothing open (the env cleanup hook frees every SSL object; the
// addon is unloaded when the last worker using it ends, as the child's main thread never loads
// it). Each storm runs in a child process, so a crash fails the test instead of the runner.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { certs } from './util/index.js';

// Not import.meta.resolve: mocha loads test files through require() first (tsx compiles them to
// CommonJS), and a file that needs ESM would load the package a second time beside them.
const TSX_DIR = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
const TSX = pathToFileURL(join(TSX_DIR, 'dist/esm/api/index.mjs')).href;
const TLS = new URL('../src/index.ts', import.meta.url).href;
const SERVERS = new URL('./util/servers.ts', import.meta.url).href;
const ROUNDS = 12;

function storm(end: 'exit' | 'terminate'): { status: number | null; signal: string | null; stdout: string; stderr: string } {
  const c = certs();
  const body = `
    (await import(${JSON.stringify(TSX)})).register();
    const { Worker } = await import('node:worker_threads');
    const fs = await import('node:fs');
    const servers = await import(${JSON.stringify(SERVERS)});
    const io = () => fs.readdirSync('/proc/self/fd').filter((f) => {
      try { return /^(socket:|anon_inode:)/.test(fs.readlinkSync('/proc/self/fd/' + f)); } catch { return false; }
    }).length;
    const certs = ${JSON.stringify({ ca: c.ca, key: c.localhost.key, cert: c.localhost.cert })};
    const server = ${end === 'exit'} ? await servers.httpsServer({ key: certs.key, cert: certs.cert }) : await servers.silentServer();
    const code = \`(async () => {
      (await import(${JSON.stringify(TSX)})).register();
      const { TlsStream } = await import(${JSON.stringify(TLS)});
      const { Runtime } = await import('@ferrite/executor');
      const { coroutine, wait } = await import('@ferrite/future');
      const { parentPort, workerData } = await import('node:worker_threads');
      parentPort.postMessage('started');
      const rt = new Runtime();
      const text = rt.blockOn(coroutine(function* () {
        const s = yield* wait(TlsStream.connect('localhost:' + workerData.port, { ca: workerData.ca }));
        yield* wait(s.writeAll(new TextEncoder().encode('GET /hello HTTP/1.1\\\\r\\\\nHost: localhost\\\\r\\\\nConnection: close\\\\r\\\\n\\\\r\\\\n')));
        const body = yield* wait(s.readToEnd());
        ${end === 'exit' ? '' : '// never reached: the server never answers the ClientHello'}
        s.close();
        return new TextDecoder().decode(body);
      })());
      // Left open on purpose, for the cleanup hook: a second stream mid-handshake.
      rt.spawn(TlsStream.connect('localhost:' + workerData.port, { ca: workerData.ca }));
      if (!text.endsWith('hello')) process.exit(2);
    })().catch((e) => { console.error(e); process.exit(1); });\`;
    let before = io();
    for (let i = 0; i < ${ROUNDS}; i++) {
      if (i === 1) before = io();
      const w = new Worker(code, { eval: true, workerData: { port: server.port, ca: certs.ca } });
      const exited = new Promise((resolve, reject) => { w.once('exit', resolve); w.once('error', reject); });
      await new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); });
      if (${JSON.stringify(end)} === 'terminate') {
        await new Promise((r) => setTimeout(r, 100));
        await w.terminate();
      }
      const exitCode = await exited;
      if (${JSON.stringify(end)} === 'exit' && exitCode !== 0) throw new Error('worker exit code ' + exitCode);
    }
    await server.close();
    let drift = 0;
    for (let i = 0; i < 100; i++) { drift = io() - before; if (drift <= 0) break; await new Promise((r) => setTimeout(r, 20)); }
    console.log(JSON.stringify({ drift }));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', body], {
    cwd: new URL('..', import.meta.url).pathname,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

describe('worker threads', function () {
  this.timeout(180_000);
  for (const end of ['exit', 'terminate'] as const) {
    it(end === 'exit' ? 'workers that make a TLS GET and end with a stream left mid-handshake' : 'workers terminated mid-handshake', () => {
      const r = storm(end);
      expect(r.signal, r.stderr).to.equal(null);
      expect(r.stderr).not.to.match(/FATAL ERROR|Segmentation|Aborted/);
      expect(r.status, r.stderr).to.equal(0);
      const { drift } = JSON.parse(r.stdout.trim().split('\n').pop()!) as { drift: number };
      expect(drift, r.stderr).to.be.at.most(0);
    });
  }
});
