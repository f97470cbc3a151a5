import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { scripted, send } from './util/scripted.js';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };

async function run(...args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  return { code, out, err };
}

describe('ferrite-get', () => {
  it('fetches URLs concurrently: status, size and time per URL; -v prints bodies', async () => {
    const srv = await scripted((s, req) => {
      const delay = req.startsWith('GET /slow') ? 150 : 0;
      setTimeout(() => send(s, 'HTTP/1.1 200 OK', 'Content-Length: 5', '', 'hello'), delay);
    });
    try {
      const r = await run('-v', `${srv.url}/slow`, `${srv.url}/fast`);
      expect(r.err).to.equal('');
      expect(r.code).to.equal(0);
      const lines = r.out.trim().split('\n');
      // The fast one finishes first although it was listed second.
      expect(lines[0]).to.match(new RegExp(`^200 OK  5 B  \\d+ ms  ${srv.url}/fast$`));
      expect(lines[1]).to.equal('hello');
      expect(lines[2]).to.match(/^200 OK  5 B  \d+ ms  .*\/slow$/);
      expect(lines[4]).to.match(/^2 requests in [\d.]+ s$/);
    } finally {
      await srv.close();
    }
  });

  it('with no URL prints its usage and exits 2 (the delay-server demo lives in the examples)', async () => {
    const r = await run();
    expect(r.code).to.equal(2);
    expect(r.out).to.equal('');
    expect(r.err).to.match(/^ferrite-get: no URL given\nusage: ferrite-get /);
  });

  it('reports failures with their code and exits 1', async () => {
    const r = await run('ftp://127.0.0.1/', 'http://127.0.0.1:1/');
    expect(r.code).to.equal(1);
    expect(r.out).to.include('ERR ERR_HTTP_UNSUPPORTED_PROTOCOL');
    expect(r.out).to.include('ERR ECONNREFUSED');
    expect(r.out).to.match(/2 requests in [\d.]+ s, 2 failed/);
  });

  it('shows a live progress line on a terminal', async () => {
    // util-linux `script` gives the CLI a pseudo-terminal; spawned asynchronously so that the
    // in-process server keeps answering.
    const srv = await scripted((s) => setTimeout(() => send(s, 'HTTP/1.1 200 OK', 'Content-Length: 2', '', 'ok'), 400));
    try {
      const cmd = `${process.execPath} --import tsx ${CLI} ${srv.url}/a`;
      const child = spawn('script', ['-qec', cmd, '/dev/null'], { env, cwd: fileURLToPath(new URL('..', import.meta.url)) });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      const code = await new Promise<number | null>((r) => child.on('exit', r));
      expect(code).to.equal(0);
      expect(out).to.match(/0\/1 done, 1 in flight/);
      expect(out).to.match(/200 OK  2 B  \d+ ms/);
    } finally {
      await srv.close();
    }
  });
});
