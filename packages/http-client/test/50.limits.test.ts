import { expect } from 'chai';
import { net } from '@ferrite/epoll';
import { HttpClient } from '../src/index.js';
import { failRaw } from './util/respond.js';
import { codeOf, fdCount, scripted } from './util/scripted.js';

describe('limits, timeouts, abort and dispose', () => {
  it('maxHeaderSize (default 16 KiB): ERR_HTTP_HEADERS_TOO_LARGE', async () => {
    const big = `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(20_000)}\r\nContent-Length: 0\r\n\r\n`;
    expect(await failRaw(big)).to.equal('ERR_HTTP_HEADERS_TOO_LARGE');
    expect(await failRaw('HTTP/1.1 200 OK\r\nX: 12345678901234567890\r\n\r\n', { maxHeaderSize: 30 })).to.equal('ERR_HTTP_HEADERS_TOO_LARGE');
  });

  it('maxBodySize: ERR_HTTP_BODY_TOO_LARGE, also for chunked and until-close bodies', async () => {
    expect(await failRaw('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789', { maxBodySize: 5 })).to.equal('ERR_HTTP_BODY_TOO_LARGE');
    expect(await failRaw('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n0\r\n\r\n', { maxBodySize: 5 })).to.equal('ERR_HTTP_BODY_TOO_LARGE');
    expect(await failRaw('HTTP/1.1 200 OK\r\n\r\n0123456789', { maxBodySize: 5, end: true })).to.equal('ERR_HTTP_BODY_TOO_LARGE');
  });

  it('headersTimeout: ERR_HTTP_HEADERS_TIMEOUT, and no fd left behind', async () => {
    const srv = await scripted(() => {}); // never answers
    const client = new HttpClient();
    const before = fdCount();
    try {
      const t0 = performance.now();
      expect(await codeOf(client.get(`${srv.url}/`, { headersTimeout: 50 }))).to.equal('ERR_HTTP_HEADERS_TIMEOUT');
      expect(performance.now() - t0).to.be.at.least(50);
      expect(client.connections).to.equal(0);
    } finally {
      client.close();
      await srv.close();
    }
    expect(fdCount()).to.be.at.most(before + 4); // the client's runtime: epoll, eventfd, timerfd (+ resolver)
  });

  it('bodyTimeout: idle time between chunks', async () => {
    expect(await failRaw('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc', { bodyTimeout: 50 })).to.equal('ERR_HTTP_BODY_TIMEOUT');
  });

  it('bodyTimeout counts from the last data: a slow but steady body completes', async () => {
    const srv = await scripted((s) => {
      s.write('HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n');
      let sent = 0;
      const tick = setInterval(() => {
        s.write('x');
        if (++sent === 6) clearInterval(tick);
      }, 30);
    });
    const client = new HttpClient();
    try {
      const t0 = performance.now();
      const res = await client.get(`${srv.url}/`, { bodyTimeout: 80 });
      expect(res.text()).to.equal('xxxxxx');
      expect(performance.now() - t0).to.be.above(80); // longer than one timeout in total
    } finally {
      client.close();
      await srv.close();
    }
  });

  it('connectTimeout: ERR_HTTP_CONNECT_TIMEOUT when the handshake does not complete', async () => {
    const listener = net.TcpListener.bind('127.0.0.1:0', { backlog: 1 });
    const port = listener.localAddr().port;
    const fillers = Array.from({ length: 4 }, () => net.TcpStream.connect(`127.0.0.1:${port}`));
    const client = new HttpClient();
    try {
      expect(await codeOf(client.get(`http://127.0.0.1:${port}/`, { connectTimeout: 100 }))).to.equal('ERR_HTTP_CONNECT_TIMEOUT');
      expect(client.connections).to.equal(0);
    } finally {
      client.close();
      fillers.forEach((f) => f.close());
      listener.close();
    }
  });

  it('connection refused keeps its code: ECONNREFUSED', async () => {
    const probe = net.TcpListener.bind('127.0.0.1:0');
    const port = probe.localAddr().port;
    probe.close();
    const client = new HttpClient();
    try {
      expect(await codeOf(client.get(`http://127.0.0.1:${port}/`))).to.equal('ECONNREFUSED');
      expect(client.connections).to.equal(0);
    } finally {
      client.close();
    }
  });

  it('an AbortSignal aborts the request (ABORT_ERR) and closes its connection', async () => {
    const srv = await scripted(() => {});
    const client = new HttpClient();
    try {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 30);
      expect(await codeOf(client.get(`${srv.url}/`, { signal: ac.signal }))).to.equal('ABORT_ERR');
      expect(client.connections).to.equal(0);
      expect(await codeOf(client.get(`${srv.url}/`, { signal: AbortSignal.abort() }))).to.equal('ABORT_ERR');
    } finally {
      client.close();
      await srv.close();
    }
  });

  it('a closed client refuses new requests with ERR_CLOSED', async () => {
    const client = new HttpClient();
    client.close();
    client.close();
    expect(await codeOf(client.get('http://127.0.0.1:1/'))).to.equal('ERR_CLOSED');
  });
});
