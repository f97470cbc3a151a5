// Errors a user can act on: which request failed (method, url, the redirects that led there),
// which address a connect failed for, which option a refused value was given for.
import { expect } from 'chai';
import { net } from '@ferrite/epoll';
import { HttpClient, HttpError } from '../src/index.js';
import { scripted, send } from './util/scripted.js';

async function errorOf(p: PromiseLike<unknown>): Promise<Record<string, unknown> & Error> {
  try {
    await p;
  } catch (err) {
    return err as Record<string, unknown> & Error;
  }
  throw new Error('expected the request to fail');
}

const freePort = () => {
  const probe = net.TcpListener.bind('127.0.0.1:0');
  const { port } = probe.localAddr();
  probe.close();
  return port;
};

describe('an error says which request failed', () => {
  it('HttpError carries method and url, and its message starts with them', async () => {
    const srv = await scripted(() => {}); // never answers
    using client = new HttpClient();
    try {
      const url = `${srv.url}/slow?q=1`;
      const err = await errorOf(client.get(url, { headersTimeout: 30 }));
      expect(err).to.be.instanceOf(HttpError);
      expect([err.code, err.method, err.url, err.redirects]).to.deep.equal(['ERR_HTTP_HEADERS_TIMEOUT', 'GET', url, undefined]);
      expect(err.message).to.match(new RegExp(`^GET ${url.replace(/[?.]/g, '\\$&')}: no response head within 30 ms$`));
      const head = await errorOf(client.head(url, { headersTimeout: 30 }));
      expect([head.method, head.url]).to.deep.equal(['HEAD', url]);
    } finally {
      await srv.close();
    }
  });

  it('after redirects: url is the one that failed, redirects the chain that led to it', async () => {
    const srv = await scripted((s, req) => {
      if (req.startsWith('GET /start')) send(s, 'HTTP/1.1 302 Found', 'Location: /middle', 'Content-Length: 0', '', '');
      else if (req.startsWith('GET /middle')) send(s, 'HTTP/1.1 301 Moved', 'Location: /end', 'Content-Length: 0', '', '');
      else send(s, 'HTTP/1.1 2000 Broken', 'Content-Length: 0', '', '');
    });
    using client = new HttpClient();
    try {
      const err = await errorOf(client.get(`${srv.url}/start`, { maxRedirects: 5 }));
      expect(err.code).to.equal('ERR_HTTP_INVALID_STATUS');
      expect(err.url).to.equal(`${srv.url}/end`);
      expect(err.redirects).to.deep.equal([`${srv.url}/start`, `${srv.url}/middle`]);
      const tooMany = await errorOf(client.get(`${srv.url}/start`, { maxRedirects: 1 }));
      expect([tooMany.code, tooMany.url, tooMany.redirects]).to.deep.equal(['ERR_HTTP_TOO_MANY_REDIRECTS', `${srv.url}/middle`, [`${srv.url}/start`]]);
    } finally {
      await srv.close();
    }
  });

  it('an unparsable URL: ERR_HTTP_INVALID_URL naming it', async () => {
    using client = new HttpClient();
    const err = await errorOf(client.get('http//missing-colon/x'));
    expect([err.code, err.method, err.url]).to.deep.equal(['ERR_HTTP_INVALID_URL', 'GET', 'http//missing-colon/x']);
    expect(err.message).to.include('"http//missing-colon/x"');
  });

  it('a connect error keeps its code and, like Node\'s, carries address and port (and the request)', async () => {
    const port = freePort();
    using client = new HttpClient();
    const err = await errorOf(client.get(`http://127.0.0.1:${port}/x`));
    expect([err.code, err.syscall, err.address, err.port]).to.deep.equal(['ECONNREFUSED', 'connect', '127.0.0.1', port]);
    expect([err.method, err.url]).to.deep.equal(['GET', `http://127.0.0.1:${port}/x`]);
    expect(err.message).to.include(`127.0.0.1:${port}`);
  });

  it('for a host name, the address is the one it resolved to', async () => {
    const port = freePort();
    using client = new HttpClient();
    const err = await errorOf(client.get(`http://localhost:${port}/`));
    expect(err.code).to.equal('ECONNREFUSED');
    expect(err.address).to.be.oneOf(['127.0.0.1', '::1']);
    expect(err.port).to.equal(port);
  });

  it('a streaming body\'s error carries its request too', async () => {
    const srv = await scripted((s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'));
    using client = new HttpClient();
    try {
      const res = await client.stream(`${srv.url}/s`, { bodyTimeout: 30 });
      const err = await errorOf((async () => {
        for await (const _ of res.body) void _;
      })());
      expect([err.code, err.method, err.url]).to.deep.equal(['ERR_HTTP_BODY_TIMEOUT', 'GET', `${srv.url}/s`]);
    } finally {
      await srv.close();
    }
  });
});

describe('a refused option is named in the message', () => {
  for (const [opts, name] of [
    [{ headersTimeout: -1 }, 'options.headersTimeout'],
    [{ connectTimeout: NaN }, 'options.connectTimeout'],
    [{ bodyTimeout: '5s' }, 'options.bodyTimeout'],
    [{ timeout: -5 }, 'options.timeout'],
    [{ timeout: NaN }, 'options.timeout'],
    [{ timeout: '1000' }, 'options.timeout'],
  ] as const) {
    it(`${JSON.stringify(opts, (_k, v) => (Number.isNaN(v) ? 'NaN' : v))}: "${name} must be ..."`, () => {
      using client = new HttpClient();
      expect(() => client.get('http://127.0.0.1:1/', opts as never)).to.throw(`${name} must be `);
    });
  }

  it('client options too: "options.defaults.timeout must be ..."', () => {
    expect(() => new HttpClient({ defaults: { timeout: -1 } })).to.throw('options.defaults.timeout must be ').with.property('code', 'ERR_INVALID_ARG_VALUE');
  });
});
