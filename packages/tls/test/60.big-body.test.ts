import { expect } from 'chai';
import { createServer } from 'node:tls';
import { Runtime } from '@ferrite/executor';
import { coroutine, wait } from '@ferrite/future';
import { TlsStream } from '../src/index.js';
import { bigByte, BIG, certs, get, httpsServer, type Running } from './util/index.js';

describe('large transfers (await mode)', function () {
  this.timeout(60_000);
  const c = certs();
  const rt = new Runtime();
  let server: Running;
  before(async () => {
    server = await httpsServer({ key: c.localhost.key, cert: c.localhost.cert });
  });
  after(async () => {
    await server.close();
    rt.close();
  });

  it('a 10 MiB body arrives intact, read 1 KiB at a time through pollRead', async () => {
    const body = await rt.run(coroutine(function* () {
      const s = yield* wait(TlsStream.connect(`localhost:${server.port}`, { ca: c.ca }));
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
    const head = Buffer.from(body).indexOf('\r\n\r\n') + 4;
    expect(body.length - head).to.equal(BIG);
    let bad = -1;
    for (let i = 0; i < BIG && bad < 0; i++) if (body[head + i] !== bigByte(i)) bad = i;
    expect(bad).to.equal(-1);
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
