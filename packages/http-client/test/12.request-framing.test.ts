// The head of a request with a body, without a socket: exactly one framing field, the caller's
// Content-Length and Transfer-Encoding checked against the body and reconciled, never sent as
// given; methods and bodies refused at the call (README: "Request bodies").
import { expect } from 'chai';
import { checkBody, checkMethod } from '../src/body-options.js';
import { toBody, jsonBody } from '../src/request-body.js';
import { buildBodyRequest, type RequestHeaders } from '../src/request.js';
import { parseTarget } from '../src/url.js';

const T = parseTarget('http://h/up');
const head = (body: unknown, headers?: RequestHeaders, expectIt = false, method = 'POST') => {
  const built = buildBodyRequest(method, T, headers, body === null ? null : toBody(body), expectIt);
  const text = Buffer.from(built.request).toString('latin1');
  return { text, head: text.slice(0, text.indexOf('\r\n\r\n') + 4), framing: built.framing };
};
const framingFields = (text: string) => text.split('\r\n').filter((l) => /^(content-length|transfer-encoding):/i.test(l));
const code = (f: () => unknown) => {
  try {
    f();
    return 'no error';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
};
function* gen() {
  yield 'a';
}

describe('request framing: one framing field, decided by us', () => {
  it('a known size: Content-Length; a small body goes with the head in one buffer', () => {
    const r = head('hello');
    expect(r.text).to.equal('POST /up HTTP/1.1\r\nHost: h\r\nUser-Agent: ferrite\r\nContent-Length: 5\r\n\r\nhello');
    expect(r.framing).to.equal(null);
  });

  it('a large known body is sent after the head, with its length', () => {
    const r = head(new Uint8Array(100_000));
    expect(framingFields(r.head)).to.deep.equal(['Content-Length: 100000']);
    expect(r.framing).to.deep.equal({ length: 100_000, expect: false });
  });

  it('an unknown size: chunked', () => {
    const r = head(gen());
    expect(framingFields(r.head)).to.deep.equal(['Transfer-Encoding: chunked']);
    expect(r.framing).to.deep.equal({ length: -1, expect: false });
  });

  it('the caller\'s Content-Length equal to the size is sent once, ours', () => {
    expect(framingFields(head('abc', { 'content-length': '3' }).head)).to.deep.equal(['Content-Length: 3']);
  });

  it('the caller\'s Content-Length with a stream body is honoured (and enforced while sending)', () => {
    const r = head(gen(), { 'Content-Length': '10' });
    expect(framingFields(r.head)).to.deep.equal(['Content-Length: 10']);
    expect(r.framing!.length).to.equal(10);
  });

  it('the caller\'s Transfer-Encoding: chunked is reconciled: chunked, once, even for a known size', () => {
    const r = head('abc', { 'Transfer-Encoding': 'Chunked' });
    expect(framingFields(r.head)).to.deep.equal(['Transfer-Encoding: chunked']);
    expect(r.framing!.length).to.equal(-1);
  });

  it('Expect: 100-continue when asked (or set by the caller), the body never with the head', () => {
    const asked = head('abc', undefined, true);
    expect(asked.head).to.include('Expect: 100-continue\r\n');
    expect(asked.text.endsWith('\r\n\r\n')).to.equal(true);
    expect(asked.framing).to.deep.equal({ length: 3, expect: true });
    const byCaller = head('abc', { expect: '100-Continue' });
    expect(byCaller.head.match(/expect/gi)).to.have.length(1);
  });

  it('a Blob\'s type is the content type unless the headers set one', () => {
    expect(head(new Blob(['x'], { type: 'text/csv' })).head).to.include('Content-Type: text/csv\r\n');
    const own = head(new Blob(['x'], { type: 'text/csv' }), { 'content-type': 'text/plain' }).head;
    expect(own.match(/content-type/gi)).to.have.length(1);
  });

  it('no body: POST, PUT and PATCH send Content-Length: 0; DELETE and OPTIONS nothing', () => {
    for (const m of ['POST', 'PUT', 'PATCH']) expect(framingFields(head(null, undefined, false, m).head)).to.deep.equal(['Content-Length: 0']);
    for (const m of ['DELETE', 'OPTIONS']) expect(framingFields(head(null, undefined, false, m).head)).to.deep.equal([]);
  });

  const REFUSED: [string, () => unknown, string][] = [
    ['Content-Length differing from the known size', () => head('abc', { 'content-length': '4' }), 'ERR_HTTP_CONTENT_LENGTH_MISMATCH'],
    ['Content-Length other than 0 without a body', () => head(null, { 'content-length': '4' }), 'ERR_HTTP_CONTENT_LENGTH_MISMATCH'],
    ['two Content-Length fields', () => head('abc', [['content-length', '3'], ['Content-Length', '3']]), 'ERR_HTTP_INVALID_REQUEST'],
    ['a Content-Length that is not digits', () => head('abc', { 'content-length': '3, 3' }), 'ERR_HTTP_INVALID_REQUEST'],
    ['a negative Content-Length', () => head('abc', { 'content-length': '-3' }), 'ERR_HTTP_INVALID_REQUEST'],
    ['Transfer-Encoding other than chunked', () => head('abc', { 'transfer-encoding': 'gzip, chunked' }), 'ERR_HTTP_INVALID_REQUEST'],
    ['two Transfer-Encoding fields', () => head(gen(), [['transfer-encoding', 'chunked'], ['Transfer-Encoding', 'chunked']]), 'ERR_HTTP_INVALID_REQUEST'],
    ['Content-Length and Transfer-Encoding', () => head(gen(), { 'content-length': '1', 'transfer-encoding': 'chunked' }), 'ERR_HTTP_INVALID_REQUEST'],
    ['Transfer-Encoding without a body', () => head(null, { 'transfer-encoding': 'chunked' }), 'ERR_HTTP_INVALID_REQUEST'],
    ['an Expect other than 100-continue', () => head('a', { expect: 'something' }), 'ERR_HTTP_INVALID_REQUEST'],
    ['Upgrade', () => head('a', { upgrade: 'websocket' }), 'ERR_HTTP_INVALID_REQUEST'],
    ['TE and Trailer', () => head('a', { te: 'trailers' }), 'ERR_HTTP_INVALID_REQUEST'],
    ['LF in a value', () => head('a', { 'x-a': 'b\nContent-Length: 0' }), 'ERR_HTTP_INVALID_REQUEST'],
  ];
  for (const [what, f, want] of REFUSED) {
    it(`refuses ${what}: ${want}`, () => expect(code(f)).to.equal(want));
  }
});

describe('methods and bodies checked at the call', () => {
  it('a method is a token; the standard ones upper case; an extension method as given', () => {
    expect(checkMethod('post')).to.equal('POST');
    expect(checkMethod('Patch')).to.equal('PATCH');
    expect(checkMethod('PROPFIND')).to.equal('PROPFIND');
    expect(checkMethod('mkcol')).to.equal('mkcol');
    for (const bad of ['', 'GET ', 'G\r\nET', 'GE(T', 'GET\0']) expect(code(() => checkMethod(bad)), JSON.stringify(bad)).to.equal('ERR_INVALID_ARG_VALUE');
    expect(code(() => checkMethod(1))).to.equal('ERR_INVALID_ARG_TYPE');
    expect(code(() => checkMethod('connect'))).to.equal('ERR_HTTP_INVALID_REQUEST');
  });

  it('a body on TRACE is refused; on GET and HEAD unless allowGetBody', () => {
    expect(code(() => checkBody('TRACE', { body: 'x' }))).to.equal('ERR_HTTP_INVALID_REQUEST');
    expect(code(() => checkBody('GET', { body: 'x' }))).to.equal('ERR_HTTP_INVALID_REQUEST');
    expect(code(() => checkBody('HEAD', { json: {} }))).to.equal('ERR_HTTP_INVALID_REQUEST');
    expect(checkBody('GET', { body: 'x', allowGetBody: true }).spec!.size).to.equal(1);
    expect(checkBody('TRACE', {}).spec).to.equal(null);
  });

  it('body and json together, or a json with no JSON form, are argument errors', () => {
    expect(code(() => checkBody('POST', { body: 'x', json: 1 }))).to.equal('ERR_INVALID_ARG_VALUE');
    expect(code(() => jsonBody(() => 1))).to.equal('ERR_INVALID_ARG_TYPE');
    expect(code(() => jsonBody({ toJSON: () => { throw new Error('no'); } }))).to.equal('ERR_INVALID_ARG_TYPE');
    expect(code(() => checkBody('POST', { allowGetBody: 1 as unknown as boolean }))).to.equal('ERR_INVALID_ARG_TYPE');
  });

  it('what a body may be: replayable with a known size, or one-shot', () => {
    const kinds: [unknown, number | null, boolean][] = [
      ['é', 2, true],
      [new Uint8Array(3), 3, true],
      [new Uint16Array(2), 4, true],
      [new ArrayBuffer(5), 5, true],
      [new Blob(['abc']), 3, true],
      [gen(), null, false],
      [[new Uint8Array(1)], null, false],
      [(async function* () {})(), null, false],
      [{ pollRead: () => null }, null, false],
    ];
    for (const [body, size, replayable] of kinds) expect([toBody(body).size, toBody(body).replayable]).to.deep.equal([size, replayable]);
    for (const bad of [1, null, true, {}, { size: 1 }, { size: -1, stream() {} }]) expect(code(() => toBody(bad)), String(bad)).to.equal('ERR_INVALID_ARG_TYPE');
  });
});
