// ferrite-get --unix-socket PATH: curl's flag on the client's socketPath (a node:http server on a
// socket path; the URL gives the Host header and the path).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCli } from './util/cli.js';

describe('ferrite-get --unix-socket', function () {
  this.timeout(20_000);
  let dir: string;
  let sock: string;
  let server: Server;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ferrite-cli-unix-'));
    sock = join(dir, 's.sock');
    server = createServer((req, res) => res.end(`${req.headers.host} ${req.url}`));
    await new Promise<void>((r) => server.listen(sock, r));
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('fetches over the socket: the URL gives Host and path; -o writes the body', async () => {
    const file = join(dir, 'out');
    const r = await runCli(['--unix-socket', sock, '-o', file, 'http://docker/v1.43/info']);
    expect(r.code, r.out + r.err).to.equal(0);
    expect(readFileSync(file, 'utf8')).to.equal('docker /v1.43/info');
  });

  it('a missing socket path fails the request with ENOENT, exit 1', async () => {
    const r = await runCli(['--json', '--unix-socket', join(dir, 'none.sock'), 'http://x/']);
    expect(r.code).to.equal(1);
    expect((JSON.parse(r.out) as { error: string }).error).to.equal('ENOENT');
  });
});
