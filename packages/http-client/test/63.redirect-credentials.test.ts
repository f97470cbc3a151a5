// Credentials stay with their origin: a redirect to another origin drops Authorization, Cookie,
// Proxy-Authorization and a caller-set Host (on that hop and every later one); same-origin hops
// keep them.
import { expect } from 'chai';
import { HttpClient } from '../src/index.js';
import { scripted, send } from './util/scripted.js';

const SECRET = {
  Authorization: 'Bearer secret-token',
  Cookie: 'session=abc',
  'Proxy-Authorization': 'Basic cHJveHk=',
  Host: 'vhost.example',
  'X-Trace': 'kept',
};

/** The fields of a raw request head, lower-cased names. */
function fields(head: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of head.split('\r\n').slice(1)) {
    const at = line.indexOf(':');
    if (at > 0) out[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
  }
  return out;
}

describe('redirects and credentials', () => {
  it('a same-origin redirect keeps Authorization, Cookie, Proxy-Authorization and Host', async () => {
    const srv = await scripted((s, req) => {
      if (req.startsWith('GET /start')) send(s, 'HTTP/1.1 302 Found', 'Location: /final', 'Content-Length: 0', '', '');
      else send(s, 'HTTP/1.1 200 OK', 'Content-Length: 2', '', 'ok');
    });
    const client = new HttpClient();
    try {
      const res = await client.get(`${srv.url}/start`, { headers: SECRET, maxRedirects: 2 });
      expect(res.text()).to.equal('ok');
      const second = fields(srv.requests[1]!);
      expect(second).to.include({ authorization: 'Bearer secret-token', cookie: 'session=abc', 'proxy-authorization': 'Basic cHJveHk=', host: 'vhost.example', 'x-trace': 'kept' });
    } finally {
      client.close();
      await srv.close();
    }
  });

  it('a cross-origin redirect drops them (and later hops, back home too, never see them again)', async () => {
    let homeUrl = '';
    const other = await scripted((s) => send(s, 'HTTP/1.1 307 Temporary Redirect', `Location: ${homeUrl}/back`, 'Content-Length: 0', '', ''));
    const home = await scripted((s, req) => {
      if (req.startsWith('GET /start')) send(s, 'HTTP/1.1 302 Found', `Location: ${other.url}/elsewhere`, 'Content-Length: 0', '', '');
      else send(s, 'HTTP/1.1 200 OK', 'Content-Length: 4', '', 'home');
    });
    homeUrl = home.url;
    const client = new HttpClient();
    try {
      const res = await client.get(`${home.url}/start`, { headers: SECRET, maxRedirects: 3 });
      expect([res.text(), res.url]).to.deep.equal(['home', `${home.url}/back`]);
      const atOther = fields(other.requests[0]!);
      expect(atOther).to.not.have.any.keys('authorization', 'cookie', 'proxy-authorization');
      expect(atOther).to.include({ host: `127.0.0.1:${other.port}`, 'x-trace': 'kept' });
      const backHome = fields(home.requests[1]!);
      expect(backHome).to.not.have.any.keys('authorization', 'cookie', 'proxy-authorization');
      expect(backHome.host).to.equal(`127.0.0.1:${home.port}`);
    } finally {
      client.close();
      await other.close();
      await home.close();
    }
  });

  it('headers given as [name, value] pairs, in any case, are dropped the same way', async () => {
    const other = await scripted((s) => send(s, 'HTTP/1.1 200 OK', 'Content-Length: 0', '', ''));
    const home = await scripted((s) => send(s, 'HTTP/1.1 301 Moved', `Location: ${other.url}/`, 'Content-Length: 0', '', ''));
    const client = new HttpClient();
    try {
      await client.get(`${home.url}/`, { headers: [['AUTHORIZATION', 'x'], ['cookie', 'y'], ['X-Trace', 'z']], maxRedirects: 1 });
      expect(fields(other.requests[0]!)).to.not.have.any.keys('authorization', 'cookie');
      expect(fields(other.requests[0]!)).to.include({ 'x-trace': 'z' });
    } finally {
      client.close();
      await other.close();
      await home.close();
    }
  });
});
