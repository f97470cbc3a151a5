// A sync stream as another's transport (TLS inside TLS, as through an https proxy's tunnel): the
// streams of a thread share their ciphertext buffers, and the inner stream's transport call
// reaches the outer stream while the inner one still hands bytes over from them.
import { expect } from 'chai';
import { createServer, TLSSocket, type Server } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { Events, Interest, Poll, WOULD_BLOCK } from '@ferrite/epoll';
import { sync } from '../src/index.js';
import { certs } from './util/index.js';

const SIZE = 200_000;
const byteAt = (i: number) => (i * 13 + (i >> 10)) & 0xff;
const turn = () => new Promise((r) => setImmediate(r));

describe('sync TlsStream inside a sync TlsStream', () => {
  const c = certs();
  let server: Server;
  const poll = new Poll();
  const events = new Events(8);
  before(async () => {
    // The outer TLS ends here (localhost's certificate); inside it, a second TLS server (other.test's)
    // checks SIZE bytes of the pattern and answers with SIZE bytes of it.
    server = createServer({ key: c.localhost.key, cert: c.localhost.cert }, (outer) => {
      outer.on('error', () => {});
      const inner = new TLSSocket(outer, { isServer: true, key: c.other.key, cert: c.other.cert });
      inner.on('error', () => {});
      let seen = 0;
      let bad = -1;
      inner.on('data', (d: Buffer) => {
        for (let i = 0; i < d.length; i++) if (bad < 0 && d[i] !== byteAt(seen + i)) bad = seen + i;
        seen += d.length;
        if (seen < SIZE) return;
        const reply = Buffer.alloc(SIZE);
        for (let i = 0; i < SIZE; i++) reply[i] = byteAt(i);
        inner.end(bad < 0 ? reply : Buffer.from(`corrupt at ${bad}`));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  after(() => {
    server.close();
    poll.close();
  });

  async function until<T>(step: () => T | typeof WOULD_BLOCK): Promise<T> {
    for (let i = 0; i < 50_000; i++) {
      const r = step();
      if (r !== WOULD_BLOCK) return r;
      poll.poll(events, 0);
      await turn();
    }
    throw new Error('no progress');
  }

  it('200 KB each way through both layers, intact', async () => {
    const outer = sync.TlsStream.connect(`127.0.0.1:${(server.address() as AddressInfo).port}`, { ca: c.ca, servername: 'localhost' });
    const inner = new sync.TlsStream(outer, 'other.test', { ca: c.ca });
    try {
      poll.registry().register(outer, 1, Interest.READABLE | Interest.WRITABLE);
      await until(() => inner.handshake());
      expect(inner.getPeerCertificate()?.subject.CN).to.equal('other');
      const body = new Uint8Array(SIZE);
      for (let i = 0; i < SIZE; i++) body[i] = byteAt(i);
      for (let off = 0; off < SIZE;) off += await until(() => inner.write(body.subarray(off)));
      await until(() => inner.flush());
      await until(() => outer.flush());
      const got = Buffer.alloc(SIZE + 100);
      let n = 0;
      for (;;) {
        const k = await until(() => inner.read(got.subarray(n)));
        if (k === 0) break;
        n += k;
      }
      let bad = -1;
      for (let i = 0; i < SIZE && bad < 0; i++) if (got[i] !== byteAt(i)) bad = i;
      expect({ n, bad, text: n < 100 ? got.subarray(0, n).toString() : '' }).to.deep.equal({ n: SIZE, bad: -1, text: '' });
    } finally {
      inner.close();
      outer.close();
    }
  });
});
