// The chunk-size line, RFC 9112 §7.1 and §7.1.1: chunk-size [ chunk-ext ] CRLF, where
// chunk-ext = *( BWS ";" BWS token [ BWS "=" BWS ( token / quoted-string ) ] ).
import { expect } from 'chai';
import { MAX_CHUNK_LINE } from '../src/chunk-line.js';
import { decodeEverySplit } from './util/decode.js';

const H = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n';

/** Lines (without CRLF) that must be accepted; the chunk carries that many 'x'. */
const VALID: [string, number][] = [
  ['5', 5],
  ['0005', 5],
  ['a', 10],
  ['A', 10],
  ['5;name=value;x', 5],
  ['1 ; ext', 1],
  ['1\t;\text', 1],
  ['2;a=b;c="d;e"', 2],
  ['2 ; a = "b\\"c" ; d', 2],
  ['2;a=""', 2],
  ['2;a="\\\\"', 2],
  ['2;a="tab\tand space"', 2],
  ['2;a="\x80\xff obs-text"', 2],
  ['2;a="b" ;c', 2],
  ["2;!#$%&'*+-.^_`|~=!#$%&'*+-.^_`|~", 2],
];

/** [line, bytes of the line received when it fails]: ERR_HTTP_INVALID_CHUNK. */
const INVALID: [string, number][] = [
  ['25  ', 5], // whitespace with no extension: fails at the CR
  ['2 ', 3],
  ['2;', 3], // an extension with no name
  ['2; ', 4],
  ['2;=v', 3],
  ['2;a=', 5], // no value
  ['2;a= ', 6],
  ['2;a="b', 7], // an unbalanced quote: the CR is not qdtext
  ['2;a="b\\', 8], // an escaped CR
  ['2;a=b c', 7],
  ['2;a ', 5], // whitespace, then neither = nor ;
  ['2;a=b ', 7],
  ['2;a="b" ', 9],
  ['2;a="\x01"', 6],
  ['2;a=b"', 6],
  ['2;a=b"c"', 6], // a token run into a quoted string (llhttp takes it)
  ['2;a="b"c', 8],
  ['2;a;;b', 5],
  ['2,a', 2],
  [';a', 1], // no size
  [' 2', 1],
  ['', 1],
  ['-1', 1],
  ['0x10', 2],
  ['2;a=\x7f', 5],
  ['20000000000000', 14], // 2^53: no longer exact
  ['fffffffffffffffff', 14],
];

describe('chunk-size lines (RFC 9112 §7.1.1)', () => {
  for (const [line, size] of VALID) {
    it(`accepts ${JSON.stringify(line)} at every split`, () => {
      const out = decodeEverySplit(`${H}${line}\r\n${'x'.repeat(size)}\r\n0\r\n\r\n`);
      expect(out.kind === 'message' && out.message.body).to.equal('x'.repeat(size));
    });
  }

  for (const [line, at] of INVALID) {
    it(`refuses ${JSON.stringify(line)} at its byte ${at}, at every split`, () => {
      const out = decodeEverySplit(`${H}${line}\r\nxx\r\n0\r\n\r\n`);
      expect(out).to.include({ kind: 'error', code: 'ERR_HTTP_INVALID_CHUNK', at: H.length + at });
    });
  }

  it('refuses a lone LF or a bare CR ending the line, and data not followed by CRLF', () => {
    expect(decodeEverySplit(`${H}2\nxx\r\n0\r\n\r\n`)).to.include({ code: 'ERR_HTTP_INVALID_CHUNK', at: H.length + 2 });
    expect(decodeEverySplit(`${H}2;a=b\nxx\r\n0\r\n\r\n`)).to.include({ code: 'ERR_HTTP_INVALID_CHUNK', at: H.length + 6 });
    expect(decodeEverySplit(`${H}2\rxx\r\n0\r\n\r\n`)).to.include({ code: 'ERR_HTTP_INVALID_CHUNK', at: H.length + 3 });
    expect(decodeEverySplit(`${H}2\r\nxx\n0\r\n\r\n`)).to.include({ code: 'ERR_HTTP_INVALID_CHUNK', at: H.length + 6 });
    expect(decodeEverySplit(`${H}2\r\nxxx\r\n0\r\n\r\n`)).to.include({ code: 'ERR_HTTP_INVALID_CHUNK', at: H.length + 6 });
  });

  it('the largest exact size is accepted (and then waits for its data)', () => {
    expect(decodeEverySplit(`${H}1fffffffffffff\r\nabc`).kind).to.equal('incomplete');
  });

  it(`bounds the line at ${MAX_CHUNK_LINE} bytes, extensions and CRLF included`, () => {
    const fits = `1;${'e'.repeat(MAX_CHUNK_LINE - 4)}`;
    const long = `${fits}e`;
    expect(decodeEverySplit(`${H}${fits}\r\nx\r\n0\r\n\r\n`).kind).to.equal('message');
    expect(decodeEverySplit(`${H}${long}\r\nx`)).to.include({ code: 'ERR_HTTP_INVALID_CHUNK', at: H.length + MAX_CHUNK_LINE + 1 });
  });
});
