import { expect } from 'chai';
import { Runtime } from '@ferrite/executor';
import { TlsStream } from '../src/index.js';
import { certs, closeNotifyServer, codeOf, ioFdCount, resetServer, settled, type Running } from './util/index.js';
import { createServer } from 'node:net';

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
