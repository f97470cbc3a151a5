import { expect } from 'chai';
import { Runtime } from '@ferrite/executor';
import { TlsStream } from '../src/index.js';
import { certs, closeNotifyServer, codeOf, httpsServer, ioFdCount, resetServer, settled, type Running } from './util/index.js';
import { connect, createServer } from 'node:net';

describe('a server that fails mid-handshake', () => {
  const c = certs();
  const rt = new Runtime();
  after(() => rt.close());

  it('reset (RST) after the ClientHello: ECONNRESET, nothing left open', async () => {
    const server: Running = await resetServer();
    try {
      const before = ioFdCount();
      expect(await codeOf(rt.run(TlsStream.connect(`127.0.0.1:${server.port}`, { ca: c.ca })))).to.equal('ECONNRESET');
      expect(await settled(ioFdCount, before)).to.equal(before);
    } finally {
      await server.close();
    }
  });

  it('closed (FIN) after the ClientHello: ECONNRESET, as node:tls says', async () => {
    const server = createServer((s) => s.once('data', () => s.end()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      expect(await codeOf(rt.run(TlsStream.connect(`127.0.0.1:${port}`, { ca: c.ca })))).to.equal('ECONNRESET');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('a close_notify alert instead of a ServerHello: ECONNRESET as node:tls says, never a finished handshake', async () => {
    const server = await closeNotifyServer();
    const port = server.port;
    try {
      const before = ioFdCount();
      // Without verification to fail, the handshake used to "succeed" with no protocol and no peer.
      for (const rejectUnauthorized of [true, false]) {
        expect(await codeOf(rt.run(TlsStream.connect(`127.0.0.1:${port}`, { ca: c.ca, rejectUnauthorized })))).to.equal('ECONNRESET');
      }
      expect(await settled(ioFdCount, before)).to.equal(before);
    } finally {
      await server.close();
    }
  });

  it('closed (FIN) halfway through its first flight: ECONNRESET, nothing left open', async () => {
    const backend = await httpsServer({ key: c.localhost.key, cert: c.localhost.cert });
    // Forwards the ClientHello, then only the first 60 bytes of the server's reply, then ends.
    const server = createServer((client) => {
      client.on('error', () => {});
      const up = connect(backend.port, '127.0.0.1');
      up.on('error', () => client.destroy());
      client.once('data', (hello: Buffer) => up.write(hello));
      up.once('data', (d: Buffer) => {
        client.end(d.subarray(0, 60));
        up.destroy();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const before = ioFdCount();
      const port = (server.address() as { port: number }).port;
      expect(await codeOf(rt.run(TlsStream.connect(`127.0.0.1:${port}`, { ca: c.ca })))).to.equal('ECONNRESET');
      expect(await settled(ioFdCount, before)).to.equal(before);
    } finally {
      await new Promise((r) => server.close(r));
      await backend.close();
    }
  });

  it('a plaintext server answering garbage: an ERR_SSL_ code', async () => {
    const server = createServer((s) => s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\n\r\n')));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      expect(await codeOf(rt.run(TlsStream.connect(`127.0.0.1:${port}`, { ca: c.ca })))).to.equal('ERR_SSL_WRONG_VERSION_NUMBER');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
