// The README's "Correctness (RFC 9112)" bullets about responses, one table row per claim, each
// decoded without a socket, whole, bytewise and at every two-piece split (util/decode.ts). A
// self-delimited message is followed by the start of another response, which must stay unread.
// (The request bullet is test 11; the flood bullet, which is about polling, is test 61.)
import { expect } from 'chai';
import { decodeEverySplit, type DecodeOptions, type Message } from './util/decode.js';

const NEXT = 'HTTP/1.1 200 OK\r\n';
const ok = (...lines: string[]) => `HTTP/1.1 200 OK\r\n${lines.map((l) => `${l}\r\n`).join('')}\r\n`;

interface Row {
  what: string;
  raw: string;
  opts?: DecodeOptions;
  /** The expected message (a subset of its fields), or the expected error code. */
  want: Partial<Message> | string;
}

const TABLE: Record<string, Row[]> = {
  'status line `HTTP/1.x SP 3DIGIT SP reason`': [
    { what: 'status, reason and version', raw: `HTTP/1.1 201 Created Fine\r\nContent-Length: 0\r\n\r\n`, want: { status: 201, statusText: 'Created Fine', minor: 1 } },
    { what: 'HTTP/1.0', raw: `HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n`, want: { minor: 0 } },
    { what: 'an empty reason', raw: `HTTP/1.1 204 \r\n\r\n`, want: { status: 204, statusText: '' } },
    { what: 'no SP and no reason', raw: `HTTP/1.1 204\r\n\r\n`, want: { status: 204, statusText: '' } },
    { what: 'obs-text in the reason', raw: `HTTP/1.1 200 \xe9t\xe9\r\nContent-Length: 0\r\n\r\n`, want: { statusText: '\xe9t\xe9' } },
    { what: 'lowercase http', raw: `http/1.1 200 OK\r\n\r\n`, want: 'ERR_HTTP_INVALID_STATUS' },
    { what: 'HTTP/2.0', raw: `HTTP/2.0 200 OK\r\n\r\n`, want: 'ERR_HTTP_INVALID_STATUS' },
    { what: 'a missing minor version', raw: `HTTP/1 200 OK\r\n\r\n`, want: 'ERR_HTTP_INVALID_STATUS' },
    { what: 'a tab for the SP', raw: `HTTP/1.1\t200 OK\r\n\r\n`, want: 'ERR_HTTP_INVALID_STATUS' },
    { what: 'letters in the status', raw: `HTTP/1.1 2x0 OK\r\n\r\n`, want: 'ERR_HTTP_INVALID_STATUS' },
    { what: 'a status of 600', raw: `HTTP/1.1 600 OK\r\n\r\n`, want: 'ERR_HTTP_INVALID_STATUS' },
    { what: 'a status of 000', raw: `HTTP/1.1 000 OK\r\n\r\n`, want: 'ERR_HTTP_INVALID_STATUS' },
    { what: 'a leading empty line', raw: `\r\nHTTP/1.1 200 OK\r\n\r\n`, want: 'ERR_HTTP_INVALID_STATUS' },
  ],
  'fields `token ":" OWS value OWS`; obs-fold becomes one SP': [
    { what: 'fields in order, case kept, OWS trimmed', raw: ok('A: 1', 'bB:\t two words \t', 'c:', 'Content-Length: 0'), want: { headers: [['A', '1'], ['bB', 'two words'], ['c', ''], ['Content-Length', '0']] } },
    { what: 'every tchar in a name', raw: ok("!#$%&'*+-.^_`|~09azAZ: v", 'Content-Length: 0'), want: { headers: [["!#$%&'*+-.^_`|~09azAZ", 'v'], ['Content-Length', '0']] } },
    { what: 'a colon and obs-text in a value', raw: ok('X: a:b \x80\xff', 'Content-Length: 0'), want: { headers: [['X', 'a:b \x80\xff'], ['Content-Length', '0']] } },
    { what: 'obs-fold, SP and HTAB', raw: ok('X: first', '   second', '\tthird  ', 'Content-Length: 0'), want: { headers: [['X', 'first second third'], ['Content-Length', '0']] } },
    { what: 'obs-fold onto an empty value', raw: ok('X:', ' folded', 'Content-Length: 0'), want: { headers: [['X', 'folded'], ['Content-Length', '0']] } },
    { what: 'an empty obs-fold line', raw: ok('X: a', ' \t', 'Content-Length: 0'), want: { headers: [['X', 'a'], ['Content-Length', '0']] } },
    { what: 'obs-fold before any field', raw: ok(' X: a'), want: 'ERR_HTTP_INVALID_HEADER' },
  ],
  'whitespace before the colon, bare CR or LF, NUL or other controls in a value are rejected': [
    { what: 'SP before the colon', raw: ok('X : a'), want: 'ERR_HTTP_INVALID_HEADER' },
    { what: 'HTAB before the colon', raw: ok('X\t: a'), want: 'ERR_HTTP_INVALID_HEADER' },
    { what: 'no colon', raw: ok('No colon here'), want: 'ERR_HTTP_INVALID_HEADER' },
    { what: 'an empty name', raw: ok(': v'), want: 'ERR_HTTP_INVALID_HEADER' },
    { what: 'a bare CR in a value', raw: ok('X: a\rb'), want: 'ERR_HTTP_INVALID_HEADER' },
    { what: 'a bare LF in a value (a lone LF ends no line)', raw: ok('X: a\nb'), want: 'ERR_HTTP_INVALID_HEADER' },
    { what: 'a head in bare LFs', raw: 'HTTP/1.1 200 OK\nContent-Length: 2\n\nok', want: 'ERR_HTTP_INVALID_STATUS' },
    { what: 'NUL in a value', raw: ok('X: a\0b'), want: 'ERR_HTTP_INVALID_HEADER' },
    { what: 'ESC in a value', raw: ok('X: a\x1bb'), want: 'ERR_HTTP_INVALID_HEADER' },
    { what: 'DEL in a value', raw: ok('X: a\x7f'), want: 'ERR_HTTP_INVALID_HEADER' },
    { what: 'obs-text in a name', raw: ok('X\xe9: a'), want: 'ERR_HTTP_INVALID_HEADER' },
  ],
  'no body for HEAD, 1xx, 204 and 304; interim 1xx skipped (at most 100)': [
    { what: 'HEAD with a Content-Length', raw: `${ok('Content-Length: 5')}${NEXT}`, opts: { method: 'HEAD' }, want: { body: '' } },
    { what: 'HEAD with chunked', raw: `${ok('Transfer-Encoding: chunked')}${NEXT}`, opts: { method: 'HEAD' }, want: { body: '' } },
    { what: '204 with a length and chunked', raw: `HTTP/1.1 204 No Content\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n${NEXT}`, want: { status: 204, body: '' } },
    { what: '304 with a length', raw: `HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n${NEXT}`, want: { status: 304, body: '' } },
    { what: '100 and 103 skipped', raw: `HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n${ok('Content-Length: 2')}ok`, want: { status: 200, body: 'ok', interim: 2, headers: [['Content-Length', '2']] } },
    { what: 'a 100 with a Content-Length has no body', raw: `HTTP/1.1 100 Continue\r\nContent-Length: 3\r\n\r\n${ok('Content-Length: 2')}ok`, want: { body: 'ok', interim: 1 } },
    { what: '100 interim responses', raw: `${'HTTP/1.1 100 Continue\r\n\r\n'.repeat(100)}${ok('Content-Length: 0')}`, want: { interim: 100 } },
    { what: '101 interim responses', raw: 'HTTP/1.1 100 Continue\r\n\r\n'.repeat(101), want: 'ERR_HTTP_TOO_MANY_INTERIM_RESPONSES' },
    { what: '101 Switching Protocols', raw: 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n', want: 'ERR_HTTP_UNEXPECTED_UPGRADE' },
  ],
  'Transfer-Encoding ending in chunked is chunked; another coding reads until close': [
    { what: 'chunked', raw: `${ok('Transfer-Encoding: chunked')}3\r\nabc\r\n0\r\n\r\n${NEXT}`, want: { body: 'abc' } },
    { what: 'gzip, chunked (case-insensitive, lists across lines)', raw: `${ok('Transfer-Encoding: gzip', 'transfer-encoding: CHUNKED')}3\r\nabc\r\n0\r\n\r\n${NEXT}`, want: { body: 'abc' } },
    { what: 'chunked, gzip reads until close', raw: `${ok('Transfer-Encoding: chunked, gzip')}3\r\nabc\r\n`, opts: { eof: true }, want: { body: '3\r\nabc\r\n' } },
    { what: 'HTTP/1.0 chunked reads until close', raw: `HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n`, opts: { eof: true }, want: { body: '1\r\nx\r\n0\r\n\r\n' } },
  ],
  'Content-Length with Transfer-Encoding is refused; repeated Content-Length only if identical; otherwise until close': [
    { what: 'both', raw: `${ok('Content-Length: 3', 'Transfer-Encoding: chunked')}3\r\nabc\r\n0\r\n\r\n`, want: 'ERR_HTTP_AMBIGUOUS_FRAMING' },
    { what: 'a length', raw: `${ok('Content-Length: 3')}abc${NEXT}`, want: { body: 'abc' } },
    { what: 'a zero length', raw: `${ok('Content-Length: 0')}${NEXT}`, want: { body: '' } },
    { what: 'identical repeats', raw: `${ok('Content-Length: 3', 'content-length: 3')}abc${NEXT}`, want: { body: 'abc' } },
    { what: 'an identical list', raw: `${ok('Content-Length: 3, 3')}abc${NEXT}`, want: { body: 'abc' } },
    { what: 'differing repeats', raw: `${ok('Content-Length: 3', 'Content-Length: 4')}abcd`, want: 'ERR_HTTP_AMBIGUOUS_FRAMING' },
    { what: 'a differing list', raw: `${ok('Content-Length: 3, 4')}abcd`, want: 'ERR_HTTP_AMBIGUOUS_FRAMING' },
    { what: 'a sign', raw: `${ok('Content-Length: +3')}abc`, want: 'ERR_HTTP_INVALID_CONTENT_LENGTH' },
    { what: 'hex', raw: `${ok('Content-Length: 0x3')}abc`, want: 'ERR_HTTP_INVALID_CONTENT_LENGTH' },
    { what: 'empty', raw: `${ok('Content-Length:')}abc`, want: 'ERR_HTTP_INVALID_CONTENT_LENGTH' },
    { what: 'beyond 2^53', raw: `${ok('Content-Length: 99999999999999999999')}abc`, want: 'ERR_HTTP_INVALID_CONTENT_LENGTH' },
    { what: 'no length: until close', raw: `${ok()}until the end`, opts: { eof: true }, want: { body: 'until the end' } },
  ],
  'chunked: sizes guarded, extensions ignored but bounded, trailers kept apart': [
    { what: 'extensions and trailers', raw: `${ok('Transfer-Encoding: chunked')}5;name=value;x\r\nhello\r\n1 ; ext\r\n \r\nA\r\n0123456789\r\n0\r\nX-Checksum: abc\r\nX-More:  1 \r\n\r\n${NEXT}`, want: { body: 'hello 0123456789', trailers: [['X-Checksum', 'abc'], ['X-More', '1']], headers: [['Transfer-Encoding', 'chunked']] } },
    { what: 'a folded trailer', raw: `${ok('Transfer-Encoding: chunked')}0\r\nT: a\r\n b\r\n\r\n${NEXT}`, want: { trailers: [['T', 'a b']] } },
    { what: 'a malformed trailer', raw: `${ok('Transfer-Encoding: chunked')}0\r\nT : a\r\n\r\n`, want: 'ERR_HTTP_INVALID_HEADER' },
    { what: 'a trailer ending in a lone LF', raw: `${ok('Transfer-Encoding: chunked')}0\r\nT: a\n\r\n`, want: 'ERR_HTTP_INVALID_HEADER' },
    { what: 'an overflowing size', raw: `${ok('Transfer-Encoding: chunked')}fffffffffffffffff\r\n`, want: 'ERR_HTTP_INVALID_CHUNK' },
    { what: 'an extension too long', raw: `${ok('Transfer-Encoding: chunked')}3;${'x'.repeat(5000)}\r\nabc\r\n0\r\n\r\n`, want: 'ERR_HTTP_INVALID_CHUNK' },
  ],
  'a body shorter than its framing is an error, never a truncated success': [
    { what: 'EOF inside the head', raw: 'HTTP/1.1 200 OK\r\nContent-Le', opts: { eof: true }, want: 'ERR_HTTP_PREMATURE_CLOSE' },
    { what: 'EOF before the Content-Length', raw: `${ok('Content-Length: 10')}short`, opts: { eof: true }, want: 'ERR_HTTP_CONTENT_LENGTH_MISMATCH' },
    { what: 'EOF inside chunk data', raw: `${ok('Transfer-Encoding: chunked')}5\r\nhel`, opts: { eof: true }, want: 'ERR_HTTP_PREMATURE_CLOSE' },
    { what: 'EOF before the last chunk', raw: `${ok('Transfer-Encoding: chunked')}5\r\nhello\r\n`, opts: { eof: true }, want: 'ERR_HTTP_PREMATURE_CLOSE' },
    { what: 'EOF inside the trailers', raw: `${ok('Transfer-Encoding: chunked')}0\r\nX: 1\r\n`, opts: { eof: true }, want: 'ERR_HTTP_PREMATURE_CLOSE' },
  ],
};

describe('RFC 9112 as the README states it, without sockets, at every split point', () => {
  for (const [bullet, rows] of Object.entries(TABLE)) {
    describe(bullet, () => {
      for (const { what, raw, opts, want } of rows) {
        it(`${what}: ${typeof want === 'string' ? want : 'decoded'}`, () => {
          const out = decodeEverySplit(raw, opts);
          if (typeof want === 'string') {
            expect(out.kind === 'error' && out.code, out.kind === 'error' ? out.message : JSON.stringify(out)).to.equal(want);
            return;
          }
          if (out.kind !== 'message') expect.fail(JSON.stringify(out));
          expect(out.message).to.deep.include(want);
          // Never past the framing: what follows a self-delimited message is left unread.
          const rest = raw.length - out.consumed;
          expect(raw.slice(out.consumed)).to.equal(out.at === 'eof' ? '' : raw.endsWith(NEXT) ? NEXT : '', `${rest} byte(s) left`);
        });
      }
    });
  }
});
