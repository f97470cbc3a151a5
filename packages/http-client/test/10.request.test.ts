import { expect } from 'chai';
import { HttpClient } from '../src/index.js';
import { codeOf, scripted, send } from './util/scripted.js';

const ok = (s: import('node:net').Socket) => send(s, 'HTTP/1.1 200 OK', 'Content-Length: 2', '', 'ok');

describe('requests: what is sent, and what is refused before anything is sent', () => {
  let client: HttpClient;
  beforeEach(() => (client = new HttpClient()));
  afterEach(() => client.close());

  it('always sends Host; an empty path is /', async () => {
    const srv = await scripted(ok);
    try {
      await client.get(`${srv.url}`);
      await client.get(`${srv.url}/a/b?x=1`, { headers: { 'X-Test': 'yes' } });
      expect(srv.requests[0]).to.match(new RegExp(`^GET / HTTP/1\\.1\\r\\nHost: 127\\.0\\.0\\.1:${srv.port}\\r\\n`));
      expect(srv.requests[1]).to.match(/^GET \/a\/b\?x=1 HTTP\/1\.1\r\n/);
      expect(srv.requests[1]).to.include('X-Test: yes\r\n');
    } finally {
      await srv.close();
    }
  });

  it('IPv6 literals work: http://[::1]:port/ with Host: [::1]:port', async () => {
    const srv = await scripted(ok, '::1');
    try {
      const res = await client.get(`${srv.url}/six`);
      expect(res.text()).to.equal('ok');
      expect(srv.requests[0]).to.include(`Host: [::1]:${srv.port}\r\n`);
    } finally {
      await srv.close();
    }
  });

  it('refuses a scheme other than http: and https: with ERR_HTTP_UNSUPPORTED_PROTOCOL', async () => {
    expect(await codeOf(client.get('ftp://127.0.0.1/'))).to.equal('ERR_HTTP_UNSUPPORTED_PROTOCOL');
    expect(await codeOf(client.get('ws://127.0.0.1/'))).to.equal('ERR_HTTP_UNSUPPORTED_PROTOCOL');
  });

  it('a URL that does not parse is ERR_HTTP_INVALID_URL, whatever it contains', async () => {
    for (const bad of ['not a url', 'http//nope', '', 'http://', '127.0.0.1:8080/x', 'http://[::1/', 'no\r\nscheme']) {
      expect(await codeOf(client.get(bad)), JSON.stringify(bad)).to.equal('ERR_HTTP_INVALID_URL');
    }
  });

  it('refuses CR, LF, NUL or space in the target, and bad header names or values, sending nothing', async () => {
    const srv = await scripted(ok);
    try {
      for (const bad of ['/a\r\nX: y', '/a\nb', '/a\0', '/a b', '/a\tb']) {
        expect(await codeOf(client.get(`${srv.url}${bad}`)), JSON.stringify(bad)).to.equal('ERR_HTTP_INVALID_REQUEST');
      }
      const badHeaders: Record<string, string>[] = [
        { 'X-A': 'v\r\nInjected: 1' },
        { 'X-A': 'v\nx' },
        { 'X-A': 'v\0' },
        { 'X A': 'v' },
        { 'X-A\r\n': 'v' },
        { 'Transfer-Encoding': 'chunked' },
        { 'Content-Length': '5' },
      ];
      for (const headers of badHeaders) {
        expect(await codeOf(client.get(`${srv.url}/`, { headers })), JSON.stringify(headers)).to.equal('ERR_HTTP_INVALID_REQUEST');
      }
      expect(srv.connections).to.equal(0);
    } finally {
      await srv.close();
    }
  });

  it('HEAD requests send HEAD and read no body', async () => {
    const srv = await scripted((s) => send(s, 'HTTP/1.1 200 OK', 'Content-Length: 100', '', ''));
    try {
      const res = await client.head(`${srv.url}/`);
      expect(res.status).to.equal(200);
      expect(res.body.length).to.equal(0);
      expect(srv.requests[0]).to.match(/^HEAD \/ HTTP\/1\.1/);
      const again = await client.head(`${srv.url}/`);
      expect(again.status).to.equal(200);
      expect(srv.connections).to.equal(1);
    } finally {
      await srv.close();
    }
  });
});
