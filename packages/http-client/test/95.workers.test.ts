// The review's crash: a worker_threads worker that makes one GET with an HttpClient and then
// simply ends took the whole process down (SIGSEGV: the native addon was unloaded with one of
// its libuv close callbacks still queued). Also terminate() in the middle of a request loop.
// Each storm runs in a child process whose main thread never loads the addon, so the addon is
// unloaded when each worker ends: a crash fails the test instead of killing the runner.
import { spawnSync } from 'node:child_process';
import { expect } from 'chai';

const TSX = import.meta.resolve('tsx/esm/api');
const CLIENT = new URL('../src/index.ts', import.meta.url).href;

/** `npm run test:stress` raises the rounds through STORM_ROUNDS. */
const ROUNDS = Math.max(20, Number(process.env.STORM_ROUNDS) || 20);

function storm(workerBody: string, end: 'exit' | 'terminate', rounds = ROUNDS): void {
  const child = `
    const { Worker } = await import('node:worker_threads');
    const { createServer } = await import('node:http');
    const fs = await import('node:fs');
    const fds = () => fs.readdirSync('/proc/self/fd').length;
    const server = createServer((req, res) => res.end('hello from ' + req.url)).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = 'http://127.0.0.1:' + server.address().port;
    const code = \`(async () => {
      (await import(${JSON.stringify(TSX)})).register();
      const { Http, HttpClient } = await import(${JSON.stringify(CLIENT)});
      const { parentPort, workerData } = await import('node:worker_threads');
      ${workerBody.replace(/`/g, '\\`')}
    })().catch((e) => { console.error(e); process.exit(1); });\`;
    let before = fds();
    for (let i = 0; i < ${rounds}; i++) {
      if (i === 1) before = fds();
      const w = new Worker(code, { eval: true, workerData: { url } });
      const exited = new Promise((resolve, reject) => { w.once('exit', resolve); w.once('error', reject); });
      const first = await new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); });
      if (!String(first).startsWith('200 hello')) throw new Error('worker said ' + first);
      if (${JSON.stringify(end)} === 'terminate') {
        await new Promise((r) => setTimeout(r, 15));
        await w.terminate();
      }
      const exitCode = await exited;
      if (${JSON.stringify(end)} === 'exit' && exitCode !== 0) throw new Error('worker exit code ' + exitCode);
    }
    server.close();
    server.closeAllConnections();
    await new Promise((r) => setTimeout(r, 50));
    console.log(JSON.stringify({ drift: fds() - before }));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', child], { encoding: 'utf8', timeout: 90_000 + ROUNDS * 3000, killSignal: 'SIGKILL' });
  expect(r.signal, r.stderr).to.equal(null);
  expect(r.stderr).not.to.match(/FATAL ERROR|Segmentation|Aborted/);
  expect(r.status, r.stderr).to.equal(0);
  const { drift } = JSON.parse(r.stdout.trim().split('\n').pop()!) as { drift: number };
  expect(drift, 'fds left behind by the workers').to.be.at.most(0);
}

describe('worker threads: an HTTP client in a worker that ends or is terminated', function () {
  this.timeout(120_000 + ROUNDS * 3000);

  it('one GET with an HttpClient, then the worker simply ends (20 rounds)', () => {
    storm(
      `const client = new HttpClient();
       const res = await client.get(workerData.url + '/one');
       parentPort.postMessage(res.status + ' ' + res.text());
       // no client.close(): the worker just ends with a kept-alive connection in the pool`,
      'exit',
    );
  });

  it('Http.get and an HttpClient with several requests in flight when the worker ends', () => {
    storm(
      `const res = await Http.get(workerData.url + '/book');
       parentPort.postMessage(res.status + ' ' + res.text());
       const client = new HttpClient();
       for (let i = 0; i < 5; i++) client.get(workerData.url + '/' + i).then(() => {}, () => {});`,
      'exit',
      10,
    );
  });

  it('terminate() while the worker uploads from a generator (10 rounds): no crash, no fd left', () => {
    storm(
      `const client = new HttpClient({ defaults: { expectContinue: false } });
       const chunk = new Uint8Array(64 * 1024);
       async function* body() { for (;;) yield chunk; }
       const first = await client.post(workerData.url + '/small', { json: { hello: 1 } });
       parentPort.postMessage(first.status + ' ' + first.text());
       // The server answers at once; each upload runs beside its response until that is complete.
       for (;;) await client.post(workerData.url + '/endless', { body: body() });`,
      'terminate',
      10,
    );
  });

  it('terminate() while the worker runs a request loop (20 rounds)', () => {
    storm(
      `const client = new HttpClient({ maxConnections: 4 });
       let first = true;
       for (;;) {
         const batch = await Promise.all([1, 2, 3, 4].map((i) => client.get(workerData.url + '/' + i)));
         if (first) parentPort.postMessage(batch[0].status + ' ' + batch[0].text());
         first = false;
       }`,
      'terminate',
    );
  });
});
