// Options as a request receives them: headers read once (an iterable may be one-shot), and an
// option given as undefined leaving the client's default in place.
import { expect } from 'chai';
import { HttpClient } from '../src/index.js';
import { codeOf, scripted, send } from './util/scripted.js';

describe('request options as given', () => {
  it('headers from a one-shot iterable (a generator) are sent on every hop of a redirect', async () => {
    const srv = await scripted((s, req) => {
      if (req.startsWith('GET /start')) send(s, 'HTTP/1.1 302 Found', 'Location: /final', 'Content-Length: 0', '', '');
      else send(s, 'HTTP/1.1 200 OK', 'Content-Length: 2', '', 'ok');
    });
    using client = new HttpClient();
    function* headers(): Generator<[string, string]> {
      yield ['X-Trace', 'kept'];
      yield ['Authorization', 'Bearer same-origin'];
    }
    try {
      const res = await client.get(`${srv.url}/start`, { headers: headers(), maxRedirects: 2 });
      expect(res.text()).to.equal('ok');
      expect(srv.requests).to.have.length(2);
      for (const req of srv.requests) expect(req).to.include('X-Trace: kept\r\n').and.include('Authorization: Bearer same-origin\r\n');
    } finally {
      await srv.close();
    }
  });

  it('a Headers object and a Map are read as [name, value] pairs', async () => {
    const srv = await scripted((s) => send(s, 'HTTP/1.1 200 OK', 'Content-Length: 2', '', 'ok'));
    using client = new HttpClient();
    try {
      await client.get(`${srv.url}/`, { headers: new globalThis.Headers({ 'X-A': '1' }) });
      await client.get(`${srv.url}/`, { headers: new Map([['X-B', '2']]) });
      expect(srv.requests[0]).to.include('x-a: 1\r\n');
      expect(srv.requests[1]).to.include('X-B: 2\r\n');
    } finally {
      await srv.close();
    }
  });

  it('a request\'s headers are merged with the client\'s default ones: a field the request names (any case) replaces the default', async () => {
    const srv = await scripted((s) => send(s, 'HTTP/1.1 200 OK', 'Content-Length: 2', '', 'ok'));
    using client = new HttpClient({ defaults: { headers: { Authorization: 'Bearer default', 'X-Mode': 'default' } } });
    try {
      await client.get(`${srv.url}/`, { headers: { 'x-mode': 'mine', Accept: 'text/plain' } });
      await client.get(`${srv.url}/`);
      expect(srv.requests[0]).to.include('Authorization: Bearer default\r\n').and.include('x-mode: mine\r\n').and.include('Accept: text/plain\r\n');
      expect(srv.requests[0]).to.not.include('X-Mode: default');
      expect(srv.requests[1]).to.include('Authorization: Bearer default\r\n').and.include('X-Mode: default\r\n');
    } finally {
      await srv.close();
    }
  });

  it('an option given as undefined keeps the client default (`{ headersTimeout: opts.headersTimeout }`)', async () => {
    const srv = await scripted(() => {}); // reads the request, never answers
    using client = new HttpClient({ defaults: { headersTimeout: 50, headers: { 'X-Default': 'yes' } } });
    try {
      // Without the default this would wait for the 30 s built-in headersTimeout.
      expect(await codeOf(client.get(`${srv.url}/`, { headersTimeout: undefined, headers: undefined }))).to.equal('ERR_HTTP_HEADERS_TIMEOUT');
      expect(srv.requests[0]).to.include('X-Default: yes\r\n');
    } finally {
      await srv.close();
    }
  });
});
