// `ferrite-get URL | head -c 5`: the reader leaves early. curl exits 23 (write error) quietly;
// ferrite-get must too, never with an unhandled EPIPE stack trace.
import { spawn } from 'node:child_process';
import { expect } from 'chai';
import { CLI, httpServer } from './util/cli.js';

describe('ferrite-get with a reader that goes away', function () {
  this.timeout(30_000);

  it('stdout closed mid-body: exit 23, no stack trace', async () => {
    const body = Buffer.alloc(4 << 20, 0x78);
    const srv = await httpServer((_req, res) => {
      res.setHeader('content-length', body.length);
      res.end(body);
    });
    try {
      const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), CLI, '-v', srv.url], {
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((r) => child.on('exit', r));
      expect(err).to.not.match(/EPIPE|Unhandled|at /);
      expect(code).to.equal(23);
    } finally {
      await srv.close();
    }
  });
});
