// ferrite-get's upload on a terminal: while a file goes out, its bar says `sending`, with the
// percentage of the file's size, and is wiped before the result; the file arrives whole.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runInPty } from './util/cli.js';

const SIZE = 16 * 1024 * 1024;

describe('ferrite-get upload on a terminal', function () {
  this.timeout(30_000);
  let server: Server;
  let url: string;
  let dir: string;
  let release: () => void = () => {};
  const got: string[] = [];
  before(async () => {
    // Reads nothing until the test has seen the upload bar (the socket buffers fill, the bar stops short of 100%).
    const handle = (req: IncomingMessage, res: ServerResponse) => {
      req.pause();
      release = () => {
        const hash = createHash('sha256');
        req.on('data', (d) => hash.update(d));
        req.on('end', () => {
          got.push(hash.digest('hex'));
          res.end('ok');
        });
        req.resume();
      };
    };
    server = createServer(handle);
    server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
      res.writeContinue();
      handle(req, res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/up`;
    dir = mkdtempSync(join(tmpdir(), 'ferrite-cli-uptty-'));
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws a `sending` bar with the percentage of the file, then the result', async () => {
    const file = join(dir, 'up.bin');
    const data = Buffer.alloc(SIZE, 0x5a);
    writeFileSync(file, data);
    let released = false;
    const r = await runInPty(['--data-binary', `@${file}`, url], (out) => {
      if (!released && / sending +\d+% \[=* *\] [\d.]+ [KM]iB \/ 16\.0 MiB /.test(out)) {
        released = true;
        release();
      }
    });
    expect(r.code, r.out).to.equal(0);
    expect(released, r.out).to.equal(true);
    expect(got).to.deep.equal([createHash('sha256').update(data).digest('hex')]);
    expect(r.out).to.match(/\x1b\[0J200 OK  2 B  \d+ ms  http:\/\/.*\/up\r\n/);
  });
});
