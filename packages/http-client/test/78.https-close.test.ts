// How a TLS connection's end is read. A body framed by the end of the connection must end with
// the server's close_notify: a TCP close without it is ERR_TLS_TRUNCATED, never a short success.
// A body framed by Content-Length is complete whatever follows. A pooled connection the server
// drops when the next request arrives (with or without close_notify) is retried once.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { TLSSocket } from 'node:tls';
import { expect } from 'chai';
import { HttpClient } from '../src/index.js';
import { certs, settled, socketCount } from './util/https.js';

const c = certs();

/** A TLS server that calls `onRequest` for each request head on a connection (n counts from 0). */
async function tlsServer(onRequest: (tls: TLSSocket, raw: Socket, n: number) => void) {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((raw) => {
    connections++;
    sockets.add(raw);
    raw.on('close', () => sockets.delete(raw));
    raw.on('error', () => {});
    const tls = new TLSSocket(raw, { isServer: true, key: c.localhost.key, cert: c.localhost.cert });
    tls.on('error', () => {});
    let n = 0;
    let head = '';
    tls.on('data', (d: Buffer) => {
      head += d.toString('latin1');
      while (head.includes('\r\n\r\n')) {
        head = head.slice(head.indexOf('\r\n\r\n') + 4);
        onRequest(tls, raw, n++);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `https://localhost:${(server.address() as AddressInfo).port}`,
    get connections() {
      return connections;
    },
    close: () => new Promise<void>((done) => {
      for (const s of sockets) s.destroy();
      server.close(() => done());
    }),
  };
}

describe('the end of a TLS connection', function () {
  this.timeout(20_000);
  const tls = { ca: c.ca };

  it('a body read until close, closed without close_notify: ERR_TLS_TRUNCATED, not a short body', async () => {
    const base = socketCount();
    const srv = await tlsServer((s, raw) => s.write('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\npartial', () => raw.end()));
    using client = new HttpClient({ defaults: { tls } });
    try {
      await client.get(`${srv.url}/`);
      expect.fail('resolved');
    } catch (err) {
      expect((err as { code?: string }).code).to.equal('ERR_TLS_TRUNCATED');
    } finally {
      client.close();
      await srv.close();
    }
    expect(await settled(socketCount, base)).to.equal(base);
  });

  it('streamed, the same body gives its bytes and then fails with ERR_TLS_TRUNCATED, never a clean end', async () => {
    const srv = await tlsServer((s, raw) => s.write('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\npartial', () => raw.end()));
    using client = new HttpClient({ defaults: { tls } });
    try {
      const res = await client.stream(`${srv.url}/`);
      let got = '';
      let code = 'clean end';
      try {
        for await (const chunk of res.body) got += Buffer.from(chunk).toString();
      } catch (err) {
        code = (err as { code: string }).code;
      }
      expect([got, code]).to.deep.equal(['partial', 'ERR_TLS_TRUNCATED']);
    } finally {
      client.close();
      await srv.close();
    }
  });

  it('a body read until close, ended with close_notify: complete', async () => {
    const srv = await tlsServer((s) => s.end('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it'));
    using client = new HttpClient({ defaults: { tls } });
    try {
      expect((await client.get(`${srv.url}/`)).text()).to.equal('all of it');
    } finally {
      client.close();
      await srv.close();
    }
  });

  it('a Content-Length body, then a close without close_notify: complete', async () => {
    const srv = await tlsServer((s, raw) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello', () => raw.end()));
    using client = new HttpClient({ defaults: { tls } });
    try {
      expect((await client.get(`${srv.url}/`)).text()).to.equal('hello');
    } finally {
      client.close();
      await srv.close();
    }
  });

  for (const how of ['with close_notify', 'without close_notify'] as const) {
    it(`a pooled connection the server drops (${how}) as the next request arrives is retried once, on a new connection`, async () => {
      const base = socketCount();
      const srv = await tlsServer((s, raw, n) => {
        if (n === 0) s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
        else if (how === 'with close_notify') s.end();
        else raw.end();
      });
      using client = new HttpClient({ defaults: { tls } });
      try {
        expect((await client.get(`${srv.url}/1`)).text()).to.equal('ok');
        expect((await client.get(`${srv.url}/2`)).text()).to.equal('ok');
        expect(srv.connections).to.equal(2);
      } finally {
        client.close();
        await srv.close();
      }
      expect(await settled(socketCount, base)).to.equal(base);
    });
  }
});
