// ferrite-get on a terminal and in a pipe: in a pseudo-terminal a per-file progress bar (bytes,
// rate, ETA) is drawn on stderr and wiped before the results; piped, no escape code at all.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { httpServer, runCli, runInPty, type Server } from './util/cli.js';

const HALF = 512 * 1024;

describe('ferrite-get on a terminal and piped', function () {
  this.timeout(20_000);
  let srv: Server;
  let release: () => void = () => {};
  let dir: string;
  before(async () => {
    // /held.bin: half the body, then the rest only once the test has seen a progress bar drawn.
    srv = await httpServer((req, res) => {
      res.writeHead(200, { 'content-length': 2 * HALF });
      res.write(Buffer.alloc(HALF, 0x61));
      const rest = () => res.end(Buffer.alloc(HALF, 0x62));
      if (req.url === '/held.bin') release = rest;
      else rest();
    });
    dir = mkdtempSync(join(tmpdir(), 'ferrite-cli-tty-'));
  });
  after(async () => {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws a per-file bar (percentage, bytes, rate, ETA) and clears it before the results', async () => {
    const file = join(dir, 'held.bin');
    let released = false;
    const r = await runInPty(['-o', file, `${srv.url}/held.bin`], (out) => {
      if (!released && / 50% \[=+ +\] 512\.0 KiB \/ 1\.0 MiB +[\d.]+ [KMG]?i?B\/s +ETA /.test(out)) {
        released = true;
        release();
      }
    });
    expect(r.code, r.out).to.equal(0);
    expect(released, r.out).to.equal(true);
    expect(readFileSync(file).length).to.equal(2 * HALF);
    // The last bar is wiped (back to its first line, erase to the end of the screen) before the result.
    const lastBar = r.out.lastIndexOf('ETA ');
    const wipe = r.out.indexOf('\x1b[1A\x1b[0J', lastBar);
    const result = r.out.indexOf('200 OK  1048576 B');
    expect(lastBar).to.be.above(0);
    expect(wipe).to.be.above(lastBar);
    expect(result).to.be.above(wipe);
    // After the summary line nothing of the display is left: it ends with the summary.
    expect(r.out).to.match(/\x1b\[0J1 requests in [\d.]+ s\r\n$/);
  });

  it('Ctrl-C wipes the display and exits 130', async () => {
    let typed = false;
    const r = await runInPty(['-o', join(dir, 'cut.bin'), `${srv.url}/held.bin`], (out, type) => {
      if (!typed && / 50% \[/.test(out)) {
        typed = true;
        type('\x03');
      }
    });
    release();
    expect(r.code, r.out).to.equal(130);
    expect(r.out).to.match(/\x1b\[1A\x1b\[0J(\^C)?$/);
  });

  it('piped: results only, no escape code on stdout or stderr', async () => {
    const r = await runCli(['-o', join(dir, 'piped.bin'), `${srv.url}/piped.bin`, 'http://127.0.0.1:1/'], {});
    expect(r.code).to.equal(1);
    expect(r.out + r.err).not.to.include('\x1b');
    expect(r.out + r.err).not.to.include('\r');
    expect(r.err).to.equal('');
    expect(r.out.split('\n').filter(Boolean)).to.have.length(3);
  });
});
