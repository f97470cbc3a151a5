// The new calls check their arguments where they are made (Node's codes, the option named), and
// refuse a bad method or body before anything is sent.
import { expect } from 'chai';
import { HttpClient, type RequestParams } from '../src/index.js';
import { scripted } from './util/scripted.js';

const throwsCode = (f: () => unknown) => {
  try {
    f();
    return 'no error';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
};

describe('arguments of request() and the body methods', () => {
  let client: HttpClient;
  beforeEach(() => (client = new HttpClient()));
  afterEach(() => client.close());

  it('request() needs an object with a method token and a URL', () => {
    expect(throwsCode(() => client.request(null as unknown as RequestParams))).to.equal('ERR_INVALID_ARG_TYPE');
    expect(throwsCode(() => client.request({ url: 'http://x/' } as RequestParams))).to.equal('ERR_INVALID_ARG_TYPE');
    expect(throwsCode(() => client.request({ method: 'GE T', url: 'http://x/' }))).to.equal('ERR_INVALID_ARG_VALUE');
    expect(throwsCode(() => client.request({ method: 'GET', url: 5 as unknown as string }))).to.equal('ERR_INVALID_ARG_TYPE');
    expect(throwsCode(() => client.request({ method: 'CONNECT', url: 'http://x/' }))).to.equal('ERR_HTTP_INVALID_REQUEST');
    expect(throwsCode(() => client.requestStream({ method: 'get', url: 'http://x/', body: 'no' }))).to.equal('ERR_HTTP_INVALID_REQUEST');
  });

  it('bad bodies, expectContinue and expectTimeout are refused at the call, named', () => {
    expect(() => client.post('http://x/', { body: 42 as unknown as string })).to.throw(TypeError, /options\.body/).with.property('code', 'ERR_INVALID_ARG_TYPE');
    expect(throwsCode(() => client.put('http://x/', { body: 'a', json: 1 }))).to.equal('ERR_INVALID_ARG_VALUE');
    expect(throwsCode(() => client.post('http://x/', { expectContinue: 'yes' as unknown as boolean }))).to.equal('ERR_INVALID_ARG_TYPE');
    expect(throwsCode(() => client.post('http://x/', { expectContinue: -1 }))).to.equal('ERR_INVALID_ARG_VALUE');
    expect(throwsCode(() => client.post('http://x/', { expectContinue: 1.5 }))).to.equal('ERR_INVALID_ARG_VALUE');
    expect(throwsCode(() => client.post('http://x/', { expectTimeout: -1 }))).to.equal('ERR_INVALID_ARG_VALUE');
    expect(throwsCode(() => new HttpClient({ defaults: { expectTimeout: 'x' as unknown as number } }))).to.equal('ERR_INVALID_ARG_TYPE');
    expect(throwsCode(() => client.delete('http://x/', { allowGetBody: 'y' as unknown as boolean }))).to.equal('ERR_INVALID_ARG_TYPE');
  });

  it('defaults apply: a client\'s expectContinue and headers reach a POST', async () => {
    const srv = await scripted((s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'));
    using c = new HttpClient({ defaults: { expectContinue: false, headers: { 'x-default': '1' } } });
    try {
      await c.post(`${srv.url}/`, { body: (function* () { yield 'a'; })(), headers: { 'x-own': '2' } });
      expect(srv.requests[0]).to.include('x-default: 1\r\n').and.include('x-own: 2\r\n').and.not.include('Expect');
    } finally {
      await srv.close();
    }
  });

  it('a framing conflict is refused before connecting', async () => {
    const srv = await scripted(() => {});
    try {
      const p = client.post(`${srv.url}/`, { body: 'abc', headers: { 'transfer-encoding': 'gzip' } });
      const code = await p.then(() => 'resolved', (e: unknown) => (e as { code: string }).code);
      expect(code).to.equal('ERR_HTTP_INVALID_REQUEST');
      expect(srv.connections).to.equal(0);
    } finally {
      await srv.close();
    }
  });
});
