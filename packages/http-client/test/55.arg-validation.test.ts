import { expect } from 'chai';
import { Http, HttpClient, type ClientOptions, type RequestOptions } from '../src/index.js';
import { scripted, send } from './util/scripted.js';

const TYPE = 'ERR_INVALID_ARG_TYPE';
const VALUE = 'ERR_INVALID_ARG_VALUE';
const RANGE = 'ERR_OUT_OF_RANGE';

const clientCases: [string, unknown, string][] = [
  ['"fast"', 'fast', TYPE],
  ['null', null, TYPE],
  ['{ maxConnections: Infinity }', { maxConnections: Infinity }, VALUE],
  ['{ maxConnections: 0 }', { maxConnections: 0 }, VALUE],
  ['{ maxConnections: 1.5 }', { maxConnections: 1.5 }, VALUE],
  ['{ maxConnections: NaN }', { maxConnections: NaN }, VALUE],
  ['{ maxConnections: -3 }', { maxConnections: -3 }, VALUE],
  ['{ maxConnections: 2 ** 60 }', { maxConnections: 2 ** 60 }, RANGE],
  ['{ maxConnections: "10" }', { maxConnections: '10' }, TYPE],
  ['{ idleTimeout: -1 }', { idleTimeout: -1 }, VALUE],
  ['{ idleTimeout: NaN }', { idleTimeout: NaN }, VALUE],
  ['{ idleTimeout: "4s" }', { idleTimeout: '4s' }, TYPE],
  ['{ keepAlive: "yes" }', { keepAlive: 'yes' }, TYPE],
  ['{ runtime: {} }', { runtime: {} }, TYPE],
  ['{ defaults: 5 }', { defaults: 5 }, TYPE],
  ['{ defaults: { headersTimeout: -1 } }', { defaults: { headersTimeout: -1 } }, VALUE],
];

const requestCases: [string, unknown, string][] = [
  ['"opts"', 'opts', TYPE],
  ['{ timeout: -1 }', { timeout: -1 }, VALUE],
  ['{ timeout: NaN }', { timeout: NaN }, VALUE],
  ['{ timeout: "5s" }', { timeout: '5s' }, TYPE],
  ['{ connectTimeout: -1 }', { connectTimeout: -1 }, VALUE],
  ['{ headersTimeout: NaN }', { headersTimeout: NaN }, VALUE],
  ['{ bodyTimeout: "30s" }', { bodyTimeout: '30s' }, TYPE],
  ['{ maxHeaderSize: 0 }', { maxHeaderSize: 0 }, VALUE],
  ['{ maxHeaderSize: 1.5 }', { maxHeaderSize: 1.5 }, VALUE],
  ['{ maxHeaderSize: Infinity }', { maxHeaderSize: Infinity }, VALUE],
  ['{ maxHeaderSize: 2 ** 40 }', { maxHeaderSize: 2 ** 40 }, RANGE],
  ['{ maxBodySize: -1 }', { maxBodySize: -1 }, VALUE],
  ['{ maxBodySize: 1e300 }', { maxBodySize: 1e300 }, RANGE],
  ['{ maxRedirects: Infinity }', { maxRedirects: Infinity }, VALUE],
  ['{ maxRedirects: -1 }', { maxRedirects: -1 }, VALUE],
  ['{ headers: "Accept: */*" }', { headers: 'Accept: */*' }, TYPE],
  ['{ headers: null }', { headers: null }, TYPE],
  // Entries that are not pairs would be destructured into nonsense ('X-A' → `X: -`).
  ['{ headers: ["X-A", "1"] } (Node\'s flat raw form)', { headers: ['X-A', '1'] }, TYPE],
  ['{ headers: ["Accept: text/html"] }', { headers: ['Accept: text/html'] }, TYPE],
  ['{ headers: [["X-A", "1", "2"]] }', { headers: [['X-A', '1', '2']] }, TYPE],
  ['{ headers: new Set([null]) }', { headers: new Set([null]) }, TYPE],
  ['{ signal: {} }', { signal: { aborted: false } }, TYPE],
];

describe('misuse of the client is a coded error, thrown by the call', () => {
  for (const [name, opts, code] of clientCases) {
    it(`new HttpClient(${name}) → ${code}`, () => {
      expect(() => new HttpClient(opts as ClientOptions)).to.throw().with.property('code', code);
    });
  }

  for (const [name, opts, code] of requestCases) {
    it(`get/head/stream(url, ${name}) and Http.get → ${code}`, () => {
      using client = new HttpClient();
      const url = 'http://127.0.0.1:1/';
      for (const call of [() => client.get(url, opts as RequestOptions), () => client.head(url, opts as RequestOptions), () => client.stream(url, opts as RequestOptions)]) {
        expect(call).to.throw().with.property('code', code);
      }
      expect(() => Http.get('http://127.0.0.1:1/', opts as RequestOptions)).to.throw().with.property('code', code);
    });
  }

  for (const url of [42, null, undefined, { href: 'http://127.0.0.1:1/' }]) {
    it(`get/head/stream(${JSON.stringify(url) ?? 'undefined'}) and Http.get → ${TYPE}`, () => {
      using client = new HttpClient();
      for (const call of [() => client.get(url as never), () => client.head(url as never), () => client.stream(url as never), () => Http.get(url as never)]) {
        expect(call).to.throw().with.property('code', TYPE);
      }
    });
  }

  it('the limits themselves, Infinity timeouts and maxBodySize, are accepted and work', async () => {
    const srv = await scripted((s) => send(s, 'HTTP/1.1 200 OK', 'Content-Length: 2', '', 'ok'));
    using client = new HttpClient({ maxConnections: Number.MAX_SAFE_INTEGER, idleTimeout: Infinity });
    try {
      const res = await client.get(`${srv.url}/`, {
        timeout: Infinity, connectTimeout: Infinity, headersTimeout: 0, bodyTimeout: Infinity, maxHeaderSize: 16 * 1024 * 1024, maxBodySize: Infinity, maxRedirects: 0,
      });
      expect(res.text()).to.equal('ok');
    } finally {
      await srv.close();
    }
  });
});

describe('misuse of a response is a coded error', () => {
  it('headers.get/getAll/has with a name that is not a string → ERR_INVALID_ARG_TYPE', async () => {
    const srv = await scripted((s) => send(s, 'HTTP/1.1 200 OK', 'Content-Length: 2', '', 'ok'));
    using client = new HttpClient();
    try {
      const res = await client.get(`${srv.url}/`);
      for (const name of [5, undefined, null, {}, Symbol('x')]) {
        for (const call of [() => res.headers.get(name as never), () => res.headers.getAll(name as never), () => res.headers.has(name as never), () => res.trailers.get(name as never)]) {
          expect(call).to.throw().with.property('code', TYPE);
        }
      }
      expect(res.headers.get('CONTENT-length')).to.equal('2');
    } finally {
      await srv.close();
    }
  });
});
