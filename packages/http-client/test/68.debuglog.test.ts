// NODE_DEBUG=ferrite:http logs each request's outcome (util.debuglog); off, it costs nothing per
// request (the call is guarded by `debug.enabled`). In a child process: NODE_DEBUG is read once.
import { spawnSync } from 'node:child_process';
import { expect } from 'chai';

const CLIENT = new URL('../src/index.ts', import.meta.url).href;
const CHILD = `
  const { createServer } = await import('node:http');
  const { HttpClient } = await import(${JSON.stringify(CLIENT)});
  const server = createServer((req, res) => res.end('ok')).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const client = new HttpClient();
  const res = await client.get('http://127.0.0.1:' + server.address().port + '/logged');
  client.close();
  server.close();
  console.log(res.status);`;

function run(debug: string): { stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], { encoding: 'utf8', env: { ...process.env, NODE_DEBUG: debug }, timeout: 60_000 });
  expect(r.status, r.stderr).to.equal(0);
  return r;
}

describe('NODE_DEBUG=ferrite:http', function () {
  this.timeout(60_000);

  it('logs each response as "METHOD url -> status"', () => {
    const { stdout, stderr } = run('ferrite:http');
    expect(stdout.trim()).to.equal('200');
    expect(stderr).to.match(/FERRITE:HTTP \d+: GET http:\/\/127\.0\.0\.1:\d+\/logged -> 200/);
  });

  it('logs nothing when not enabled', () => {
    const { stdout, stderr } = run('');
    expect(stdout.trim()).to.equal('200');
    expect(stderr).not.to.include('FERRITE:HTTP');
  });
});
