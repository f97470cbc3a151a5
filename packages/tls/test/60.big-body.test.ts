import { expect } from 'chai';
import { createServer } from 'node:tls';
import { coroutine, wait } from '@ferrite/future';
import { TlsStream } from '../src/index.js';
import { bigByte, BIG, expectBigBody, get, httpsSuite } from './util/index.js';

describe('large transfers (await mode)', function () {
  this.timeout(60_000);
  const suite = httpsSuite();
  const { c, rt } = suite;

  it('a 10 MiB body arrives intact, read 1 KiB at a time through pollRead', async () => {
    const body = await rt.run(coroutine(function* () {
      const s = yield* wait(TlsStream.connect(`localhost:${suite.server.port}`, { ca: c.ca }));
      try {
        yield* wait(s.writeAll(get('/big')));
        // Small reads: most are served from records already decrypted or buffered.
        const out = new Uint8Array(BIG + 1024);
        const buf = new Uint8Array(1024);
        let at = 0;
        for (;;) {
          const n = yield* wait(s.read(buf));
          if (n === 0) break;
          out.set(buf.subarray(0, n), at);
          at += n;
        }
        return out.subarray(0, at);
      } finally {
        s.close();
      }
    })());
    expectBigBody(body);
  });

  it('a 10 MiB upload arrives intact (writeAll over many records)', async () => {
    let resolveReceived!: (b: Buffer) => void;
    const received = new Promise<Buffer>((r) => (resolveReceived = r));
    const srv = createServer({ key: c.localhost.key, cert: c.localhost.cert }, (sock) => {
      const parts: Buffer[] = [];
      sock.on('data', (d: Buffer) => parts.push(d));
      sock.on('end', () => {
        sock.end();
        resolveReceived(Buffer.concat(parts));
      });
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    const up = new Uint8Array(BIG).map((_, i) => bigByte(i));
    try {
      const client = rt.run(coroutine(function* () {
        const s = yield* wait(TlsStream.connect(`localhost:${port}`, { ca: c.ca }));
        yield* wait(s.writeAll(up));
        yield* wait(s.shutdown());
        yield* wait(s.readToEnd());
        s.close();
      })());
      // A failing client rejects at once instead of leaving the test to its timeout.
      const [got] = await Promise.all([received, client]);
      expect(got.length).to.equal(BIG);
      let bad = -1;
      for (let i = 0; i < BIG && bad < 0; i++) if (got[i] !== bigByte(i)) bad = i;
      expect(bad).to.equal(-1);
    } finally {
      srv.close();
    }
  });
});
