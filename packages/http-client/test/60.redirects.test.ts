import { expect } from 'chai';
import { HttpClient } from '../src/index.js';
import { codeOf, scripted, send } from './util/scripted.js';

describe('redirects (opt-in)', () => {
  it('are not followed by default', async () => {
    const srv = await scripted((s) => send(s, 'HTTP/1.1 302 Found', 'Location: /elsewhere', 'Content-Length: 0', '', ''));
    const client = new HttpClient();
    try {
      const res = await client.get(`${srv.url}/start`);
      expect([res.status, res.headers.get('location')]).to.deep.equal([302, '/elsewhere']);
    } finally {
      client.close();
      await srv.close();
    }
  });

  for (const status of [301, 302, 303, 307, 308]) {
    it(`${status} is followed with maxRedirects, reusing the connection`, async () => {
      const srv = await scripted((s, req) => {
        if (req.startsWith('GET /start')) send(s, `HTTP/1.1 ${status} Moved`, 'Location: /final?x=1', 'Content-Length: 4', '', 'gone');
        else send(s, 'HTTP/1.1 200 OK', 'Content-Length: 5', '', 'final');
      });
      const client = new HttpClient();
      try {
        const res = await client.get(`${srv.url}/start`, { maxRedirects: 3 });
        expect([res.status, res.text(), res.url]).to.deep.equal([200, 'final', `${srv.url}/final?x=1`]);
        expect(srv.connections).to.equal(1);
      } finally {
        client.close();
        await srv.close();
      }
    });
  }

  it('too many: ERR_HTTP_TOO_MANY_REDIRECTS', async () => {
    const srv = await scripted((s) => send(s, 'HTTP/1.1 302 Found', 'Location: /again', 'Content-Length: 0', '', ''));
    const client = new HttpClient();
    try {
      expect(await codeOf(client.get(`${srv.url}/`, { maxRedirects: 2 }))).to.equal('ERR_HTTP_TOO_MANY_REDIRECTS');
      expect(srv.requests).to.have.length(3);
    } finally {
      client.close();
      await srv.close();
    }
  });

  it('differing Location fields are ERR_HTTP_INVALID_HEADER, never joined into one URL (\'/a, /b\')', async () => {
    const srv = await scripted((s) => send(s, 'HTTP/1.1 302 Found', 'Location: /a', 'Location: /b', 'Content-Length: 0', '', ''));
    const client = new HttpClient();
    try {
      expect(await codeOf(client.get(`${srv.url}/`, { maxRedirects: 3 }))).to.equal('ERR_HTTP_INVALID_HEADER');
      expect(srv.requests).to.have.length(1);
      expect(client.connections).to.equal(0);
    } finally {
      client.close();
      await srv.close();
    }
  });

  it('a Location field repeated with the same value is followed', async () => {
    const srv = await scripted((s, req) => {
      if (req.startsWith('GET /start')) send(s, 'HTTP/1.1 302 Found', 'Location: /final', 'Location: /final', 'Content-Length: 0', '', '');
      else send(s, 'HTTP/1.1 200 OK', 'Content-Length: 2', '', 'ok');
    });
    const client = new HttpClient();
    try {
      const res = await client.get(`${srv.url}/start`, { maxRedirects: 3 });
      expect([res.text(), res.url]).to.deep.equal(['ok', `${srv.url}/final`]);
    } finally {
      client.close();
      await srv.close();
    }
  });

  it('a redirect to another scheme than http: or https: is refused', async () => {
    const srv = await scripted((s) => send(s, 'HTTP/1.1 301 Moved', 'Location: ftp://example.invalid/', 'Content-Length: 0', '', ''));
    const client = new HttpClient();
    try {
      expect(await codeOf(client.get(`${srv.url}/`, { maxRedirects: 1 }))).to.equal('ERR_HTTP_UNSUPPORTED_PROTOCOL');
    } finally {
      client.close();
      await srv.close();
    }
  });
});
