// The head is checked as it arrives: a malformed status line or field line fails at the byte
// that makes it malformed (here: when that many bytes have been received), whatever the split,
// and on a real connection long before headersTimeout.
import { expect } from 'chai';
import { HttpClient } from '../src/index.js';
import { HeadParser } from '../src/parse-head.js';
import { decodeEverySplit } from './util/decode.js';
import { codeOf, scripted } from './util/scripted.js';

const S = 'HTTP/1.1 200 OK\r\n';

/** [what, bytes, code, bytes received when it fails (the offending byte's index + 1)] */
const EARLY: [string, string, string, number][] = [
  ['an obs-fold right after the status line', `${S} Host: x`, 'ERR_HTTP_INVALID_HEADER', S.length + 1],
  ['whitespace before the colon', `${S}Host : x`, 'ERR_HTTP_INVALID_HEADER', S.length + 5],
  ['a non-token byte in a name', `${S}Ho(st: x`, 'ERR_HTTP_INVALID_HEADER', S.length + 3],
  ['a line starting with a non-token', `${S}:x`, 'ERR_HTTP_INVALID_HEADER', S.length + 1],
  ['NUL in a value', `${S}X: a\0b`, 'ERR_HTTP_INVALID_HEADER', S.length + 5],
  ['DEL in a value', `${S}X: a\x7fb`, 'ERR_HTTP_INVALID_HEADER', S.length + 5],
  ['a bare CR in a value', `${S}X: a\rb\r\n`, 'ERR_HTTP_INVALID_HEADER', S.length + 6],
  ['a bare CR ending the head', `${S}\rX`, 'ERR_HTTP_INVALID_HEADER', S.length + 2],
  ['a bare LF ending a field line', `${S}X: a\nY: b\n\n`, 'ERR_HTTP_INVALID_HEADER', S.length + 5],
  ['a bare LF ending the head', `${S}X: a\r\n\n`, 'ERR_HTTP_INVALID_HEADER', S.length + 7],
  ['a bare LF ending the status line', 'HTTP/1.1 200 OK\nContent-Length: 2\n\nok', 'ERR_HTTP_INVALID_STATUS', 16],
  ['a bare LF right after the status code', 'HTTP/1.1 200\n', 'ERR_HTTP_INVALID_STATUS', 13],
  ['a bare CR in the status line', 'HTTP/1.1 200 OK\rX', 'ERR_HTTP_INVALID_STATUS', 17],
  ['not HTTP', 'HTTX/1.1 200 OK\r\n', 'ERR_HTTP_INVALID_STATUS', 4],
  ['HTTP/2', 'HTTP/2.0 200 OK\r\n', 'ERR_HTTP_INVALID_STATUS', 6],
  ['two spaces before the status', 'HTTP/1.1  200 OK\r\n', 'ERR_HTTP_INVALID_STATUS', 10],
  ['a two-digit status', 'HTTP/1.1 20 OK\r\n', 'ERR_HTTP_INVALID_STATUS', 12],
  ['a four-digit status', 'HTTP/1.1 2000 OK\r\n', 'ERR_HTTP_INVALID_STATUS', 13],
  ['a 0xx status', 'HTTP/1.1 099 Odd\r\n\r\n', 'ERR_HTTP_INVALID_STATUS', 10],
  ['a 6xx status', 'HTTP/1.1 600 Odd\r\n\r\n', 'ERR_HTTP_INVALID_STATUS', 10],
  ['a 9xx status', 'HTTP/1.1 999 Odd\r\n\r\n', 'ERR_HTTP_INVALID_STATUS', 10],
  ['a control in the reason', 'HTTP/1.1 200 O\x01K\r\n', 'ERR_HTTP_INVALID_STATUS', 15],
];

describe('the head is checked as it arrives', () => {
  for (const [what, raw, code, at] of EARLY) {
    it(`${what}: ${code} once byte ${at} arrives, at every split`, () => {
      const out = decodeEverySplit(raw);
      expect(out).to.include({ kind: 'error', code, at });
    });
  }

  it('the status code range: 100 and 599 are fine, a 1xx is interim and nothing else is', () => {
    expect(decodeEverySplit('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 599 Edge\r\nContent-Length: 0\r\n\r\n')).to.deep.include({ kind: 'message' });
    const out = decodeEverySplit('HTTP/1.1 199 Odd\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx');
    expect(out.kind === 'message' && [out.message.status, out.message.interim, out.message.body]).to.deep.equal([200, 1, 'x']);
  });

  it('a head split anywhere gives the same head, reason phrase included', () => {
    const out = decodeEverySplit('HTTP/1.0 404 Not  Found \t\r\nA: 1\r\nb:2\r\nC:\r\nD:  spaced  out  \r\n\r\n', { eof: true });
    expect(out.kind).to.equal('message');
    if (out.kind !== 'message') return;
    expect([out.message.status, out.message.statusText, out.message.minor]).to.deep.equal([404, 'Not  Found \t', 0]);
    expect(out.message.headers).to.deep.equal([['A', '1'], ['b', '2'], ['C', ''], ['D', 'spaced  out']]);
  });

  it('a head longer than maxHeaderSize fails once that many bytes are there, not at its end', () => {
    const raw = `${S}X: ${'a'.repeat(100)}\r\n\r\n`;
    expect(decodeEverySplit(raw, { maxHeaderSize: 64 })).to.include({ kind: 'error', code: 'ERR_HTTP_HEADERS_TOO_LARGE', at: 65 });
    expect(decodeEverySplit(raw, { maxHeaderSize: raw.length, eof: true })).to.include({ kind: 'message' });
  });
});

describe('the head parser scans linearly', () => {
  it('reads each byte at most twice when the head arrives one byte at a time (no rescan per read)', () => {
    const raw = Buffer.from(`${S}${Array.from({ length: 200 }, (_, i) => `X-${i}: ${'v'.repeat(20)}\r\n`).join('')}\r\n`, 'latin1');
    let reads = 0;
    // Counts indexed reads; everything else (the ArrayBuffer for string slices) goes through.
    const counted = new Proxy(raw, {
      get(target, key) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        const v = Reflect.get(target, key, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const parser = new HeadParser();
    let done = null;
    for (let end = 1; end <= raw.length && done === null; end++) done = parser.parse(counted, 0, end, 1 << 20);
    expect(done?.head.headers.size).to.equal(200);
    // A rescan of the head per read would take about raw.length ** 2 / 2 reads (4.6 million here).
    expect(reads).to.be.within(raw.length, 2 * raw.length);
  });
});

describe('on an open connection, a malformed head fails at once (not at headersTimeout)', () => {
  for (const [what, raw, code] of [
    ['an obs-fold after the status line', `${S} Host: x`, 'ERR_HTTP_INVALID_HEADER'],
    ['a head in bare LFs', 'HTTP/1.1 200 OK\nContent-Length: 2\n\nok', 'ERR_HTTP_INVALID_STATUS'],
    ['a 0xx status', 'HTTP/1.1 000 Zero\r\n', 'ERR_HTTP_INVALID_STATUS'],
  ]) {
    it(what, async () => {
      // The server sends the bytes and keeps the connection open; the headers timeout is far off.
      const srv = await scripted((s) => s.write(raw, 'latin1'));
      const client = new HttpClient();
      try {
        const started = performance.now();
        expect(await codeOf(client.get(`${srv.url}/`, { headersTimeout: 60_000, timeout: 60_000 }))).to.equal(code);
        expect(performance.now() - started).to.be.below(30_000);
      } finally {
        client.close();
        await srv.close();
      }
    });
  }
});
