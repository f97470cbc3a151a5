// The request serialiser without a socket: what buildRequest writes, and what it (and the URL
// parser before it) refuses before anything could be sent (README: "Requests" bullet).
import { expect } from 'chai';
import { buildRequest, type RequestHeaders } from '../src/request.js';
import { parseTarget } from '../src/url.js';

const text = (u: string, headers?: RequestHeaders, method: 'GET' | 'HEAD' = 'GET') => Buffer.from(buildRequest(method, parseTarget(u), headers)).toString('utf8');
const code = (f: () => unknown) => {
  try {
    f();
    return 'no error';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
};

describe('request serialisation', () => {
  const WRITES: [string, string, RequestHeaders | undefined, string][] = [
    ['an empty path is /', 'http://h', undefined, 'GET / HTTP/1.1\r\nHost: h\r\nUser-Agent: ferrite\r\n\r\n'],
    ['the port goes into Host unless it is 80', 'http://h:8080/a?b=1', undefined, 'GET /a?b=1 HTTP/1.1\r\nHost: h:8080\r\nUser-Agent: ferrite\r\n\r\n'],
    ['port 80 is left out', 'http://h:80/', undefined, 'GET / HTTP/1.1\r\nHost: h\r\nUser-Agent: ferrite\r\n\r\n'],
    ['an IPv6 literal keeps its brackets', 'http://[::1]:81/', undefined, 'GET / HTTP/1.1\r\nHost: [::1]:81\r\nUser-Agent: ferrite\r\n\r\n'],
    ['a fragment is never sent', 'http://h/p#frag', undefined, 'GET /p HTTP/1.1\r\nHost: h\r\nUser-Agent: ferrite\r\n\r\n'],
    ['headers in order, values trimmed', 'http://h/', [['X-A', ' 1 '], ['x-b', 'two words']], 'GET / HTTP/1.1\r\nHost: h\r\nUser-Agent: ferrite\r\nX-A: 1\r\nx-b: two words\r\n\r\n'],
    ['a Host override', 'http://h/', { Host: 'other' }, 'GET / HTTP/1.1\r\nHost: other\r\nUser-Agent: ferrite\r\n\r\n'],
    ['a User-Agent of the caller replaces ours', 'http://h/', { 'user-agent': 'me' }, 'GET / HTTP/1.1\r\nHost: h\r\nuser-agent: me\r\n\r\n'],
    ['HTAB and non-ASCII (as UTF-8) in a value are sent', 'http://h/', { X: 'a\tb\xe9' }, 'GET / HTTP/1.1\r\nHost: h\r\nUser-Agent: ferrite\r\nX: a\tb\xe9\r\n\r\n'],
  ];
  for (const [what, url, headers, want] of WRITES) {
    it(what, () => expect(text(url, headers)).to.equal(want));
  }

  it('HEAD is written as HEAD', () => {
    expect(text('http://h/', undefined, 'HEAD')).to.match(/^HEAD \/ HTTP\/1\.1\r\n/);
  });

  const REFUSED: [string, () => unknown, string][] = [
    ['CR in the URL', () => text('http://h/a\r\nX: y'), 'ERR_HTTP_INVALID_REQUEST'],
    ['LF in the URL', () => text('http://h/a\nb'), 'ERR_HTTP_INVALID_REQUEST'],
    ['NUL in the URL', () => text('http://h/a\0b'), 'ERR_HTTP_INVALID_REQUEST'],
    ['a space in the URL', () => text('http://h/a b'), 'ERR_HTTP_INVALID_REQUEST'],
    ['a TAB in the URL', () => text('http://h/a\tb'), 'ERR_HTTP_INVALID_REQUEST'],
    ['DEL in the URL', () => text('http://h/a\x7fb'), 'ERR_HTTP_INVALID_REQUEST'],
    ['a URL that does not parse', () => text('http://'), 'ERR_HTTP_INVALID_URL'],
    ['a header name with a space', () => text('http://h/', { 'X A': 'v' }), 'ERR_HTTP_INVALID_REQUEST'],
    ['a header name with a colon', () => text('http://h/', { 'X:': 'v' }), 'ERR_HTTP_INVALID_REQUEST'],
    ['an empty header name', () => text('http://h/', { '': 'v' }), 'ERR_HTTP_INVALID_REQUEST'],
    ['a non-ASCII header name', () => text('http://h/', { 'X\xe9': 'v' }), 'ERR_HTTP_INVALID_REQUEST'],
    ['CR in a value', () => text('http://h/', { X: 'a\rb' }), 'ERR_HTTP_INVALID_REQUEST'],
    ['LF in a value', () => text('http://h/', { X: 'a\nSmuggled: 1' }), 'ERR_HTTP_INVALID_REQUEST'],
    ['NUL in a value', () => text('http://h/', { X: 'a\0' }), 'ERR_HTTP_INVALID_REQUEST'],
    ['a value that is not a string', () => text('http://h/', [['X', 1 as unknown as string]]), 'ERR_HTTP_INVALID_REQUEST'],
    ...['Content-Length', 'transfer-encoding', 'Upgrade', 'TE', 'Trailer', 'Expect'].map((h): [string, () => unknown, string] => [
      `the framing header ${h}`,
      () => text('http://h/', { [h]: '1' }),
      'ERR_HTTP_INVALID_REQUEST',
    ]),
  ];
  for (const [what, f, want] of REFUSED) {
    it(`refuses ${what}: ${want}`, () => expect(code(f)).to.equal(want));
  }

  it('a small request is a view into Node\'s shared Buffer pool, not an ArrayBuffer of its own (memory per in-flight request), UTF-8 like TextEncoder', () => {
    const r = buildRequest('GET', parseTarget('http://h/caf\u00e9'), { 'X-Note': 'caf\u00e9' });
    expect(r.buffer.byteLength).to.be.greaterThan(r.length);
    expect(Buffer.from(r).toString('latin1')).to.include('X-Note: caf\xc3\xa9\r\n');
  });
});
