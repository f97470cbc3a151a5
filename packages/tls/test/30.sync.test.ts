import { expect } from 'chai';
import { createServer } from 'node:tls';
import { Events, Interest, Poll, WOULD_BLOCK } from '@ferrite/epoll';
import { sync, TlsError } from '../src/index.js';
import { certs, get, httpsServer, text, type Running } from './util/index.js';

// The sync layer in a loop of its own over an epoll Poll. Node's loop must keep running for the
// in-process server, so the loop polls with a 0 timeout and yields to Node between turns.
const turn = () => new Promise((r) => setImmediate(r));

async function until<T>(poll: Poll, events: Events, step: () => T | typeof WOULD_BLOCK, limit = 20_000): Promise<T> {
  for (let i = 0; i < limit; i++) {
    const r = step();
    if (r !== WOULD_BLOCK) return r;
    poll.poll(events, 0);
    await turn();
  }
  throw new Error('no progress');
}

describe('sync TlsStream over a Poll', () => {
  const c = certs();
  let server: Running;
  const poll = new Poll();
  const events = new Events(8);
  before(async () => {
    server = await httpsServer({ key: c.localhost.key, cert: c.localhost.cert });
  });
  after(async () => {
    await server.close();
    poll.close();
  });

  it('handshake, write, read to close_notify; wants says which readiness to wait for', async () => {
    const tls = sync.TlsStream.connect(`127.0.0.1:${server.port}`, { ca: c.ca, servername: 'localhost' });
    try {
      poll.registry().register(tls, 1, Interest.READABLE | Interest.WRITABLE);
      // The first call cannot finish: the server's reply takes a round trip at least.
      expect(tls.handshake()).to.equal(WOULD_BLOCK);
      expect(tls.wants === 'read' || tls.wants === 'write').to.equal(true);
      expect(tls.established).to.equal(false);
      expect(await until(poll, events, () => tls.handshake())).to.equal(true);
      expect(tls.wants).to.equal(null);
      expect(tls.established).to.equal(true);
      expect(tls.authorized).to.equal(true);
      const req = get('/hello');
      expect(await until(poll, events, () => tls.write(req))).to.equal(req.length);
      expect(await until(poll, events, () => tls.flush())).to.equal(true);
      const buf = new Uint8Array(1024);
      let reply = '';
      for (;;) {
        const n = await until(poll, events, () => tls.read(buf));
        if (n === 0) break;
        reply += text(buf.subarray(0, n));
      }
      expect(reply).to.match(/^HTTP\/1.1 200 OK[\s\S]*hello$/);
      poll.registry().deregister(tls);
    } finally {
      tls.close();
    }
    expect(tls.fd).to.equal(-1);
    tls.close();
    expect(() => tls.read(new Uint8Array(1))).to.throw(TlsError).with.property('code', 'ERR_CLOSED');
  });

  it('a write the peer does not read ends in WOULD_BLOCK with wants = write (back-pressure)', async () => {
    const held = new Set<import('node:net').Socket>();
    const stalled = createServer({ key: c.localhost.key, cert: c.localhost.cert }, (s) => {
      s.pause();
      held.add(s);
    });
    await new Promise<void>((r) => stalled.listen(0, '127.0.0.1', r));
    const port = (stalled.address() as { port: number }).port;
    const tls = sync.TlsStream.connect(`127.0.0.1:${port}`, { ca: c.ca });
    try {
      await until(poll, events, () => tls.handshake());
      const chunk = new Uint8Array(16 * 1024);
      let total = 0;
      let blocked = false;
      // Socket buffers are a few MiB at most: bounded.
      for (let i = 0; i < 4096 && !blocked; i++) {
        const n = tls.write(chunk);
        if (n === WOULD_BLOCK) blocked = true;
        else total += n;
        if (i % 64 === 0) await turn();
      }
      expect(blocked).to.equal(true);
      expect(tls.wants).to.equal('write');
      expect(total).to.be.greaterThan(0);
    } finally {
      tls.close();
      // A paused socket never reads the client's end: destroy it, or it keeps the process alive.
      for (const s of held) s.destroy();
      stalled.close();
    }
  });

  it('a read while our writes are stuck still gets what the peer sent (no waiting for the flush first)', async () => {
    // A peer that answers before it reads: our ciphertext fills the socket, its reply waits in ours.
    const held = new Set<import('node:net').Socket>();
    const answering = createServer({ key: c.localhost.key, cert: c.localhost.cert }, (s) => {
      s.pause();
      held.add(s);
      s.write('answered early');
    });
    await new Promise<void>((r) => answering.listen(0, '127.0.0.1', r));
    const tls = sync.TlsStream.connect(`127.0.0.1:${(answering.address() as { port: number }).port}`, { ca: c.ca, servername: 'localhost' });
    try {
      poll.registry().register(tls, 2, Interest.READABLE | Interest.WRITABLE);
      await until(poll, events, () => tls.handshake());
      const chunk = new Uint8Array(16 * 1024);
      let blocked = false;
      for (let i = 0; i < 4096 && !blocked; i++) {
        blocked = tls.write(chunk) === WOULD_BLOCK;
        if (i % 64 === 0) await turn();
      }
      expect(blocked).to.equal(true);
      const buf = new Uint8Array(64);
      const n = await until(poll, events, () => tls.read(buf), 2000);
      expect(text(buf.subarray(0, n))).to.equal('answered early');
      poll.registry().deregister(tls);
    } finally {
      tls.close();
      for (const s of held) s.destroy();
      answering.close();
    }
  });

  it('over any transport: a refused connection surfaces as the socket error', async () => {
    const tls = sync.TlsStream.connect('127.0.0.1:1', { ca: c.ca });
    try {
      let code = '';
      try {
        await until(poll, events, () => tls.handshake(), 2000);
      } catch (err) {
        code = (err as { code: string }).code;
      }
      expect(code).to.match(/^(ECONNREFUSED|EPIPE|ECONNRESET)$/);
    } finally {
      tls.close();
    }
  });
});
