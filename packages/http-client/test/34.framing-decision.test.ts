// The body-length decision (RFC 9112 §6.3) as a pure function of the method and the head.
import { expect } from 'chai';
import { framing, type Framing } from '../src/framing.js';
import { Headers } from '../src/headers.js';
import type { ResponseHead } from '../src/parse-head.js';

function head(status: number, fields: [string, string][], minor = 1): ResponseHead {
  const headers = new Headers();
  for (const [k, v] of fields) headers.append(k, v);
  return { httpVersion: `1.${minor}`, major: 1, minor, status, statusText: '', headers };
}
const decide = (method: string, h: ResponseHead): Framing | string => {
  try {
    return framing(method, h);
  } catch (err) {
    return (err as { code: string }).code;
  }
};

const CL = (v: string): [string, string] => ['Content-Length', v];
const TE = (v: string): [string, string] => ['Transfer-Encoding', v];

const ROWS: [string, string, ResponseHead, Framing | string][] = [
  ['HEAD has no body, whatever the fields', 'HEAD', head(200, [CL('5')]), { kind: 'none' }],
  ['HEAD with chunked', 'HEAD', head(200, [TE('chunked')]), { kind: 'none' }],
  ['HEAD even with both (nothing to misframe)', 'HEAD', head(200, [CL('5'), TE('chunked')]), { kind: 'none' }],
  ['1xx', 'GET', head(103, [CL('5')]), { kind: 'none' }],
  ['204', 'GET', head(204, [CL('5'), TE('chunked')]), { kind: 'none' }],
  ['304', 'GET', head(304, [CL('5')]), { kind: 'none' }],
  ['205 is not special', 'GET', head(205, [CL('0')]), { kind: 'length', length: 0 }],
  ['chunked', 'GET', head(200, [TE('chunked')]), { kind: 'chunked' }],
  ['CHUNKED, any case', 'GET', head(200, [TE('CHUNKED')]), { kind: 'chunked' }],
  ['gzip, chunked', 'GET', head(200, [TE('gzip, chunked')]), { kind: 'chunked' }],
  ['a list across two fields', 'GET', head(200, [TE('gzip'), TE('chunked')]), { kind: 'chunked' }],
  ['chunked, gzip: until close', 'GET', head(200, [TE('chunked, gzip')]), { kind: 'close' }],
  ['gzip alone: until close', 'GET', head(200, [TE('gzip')]), { kind: 'close' }],
  ['chunked in HTTP/1.0: until close', 'GET', head(200, [TE('chunked')], 0), { kind: 'close' }],
  ['Content-Length and Transfer-Encoding', 'GET', head(200, [CL('3'), TE('chunked')]), 'ERR_HTTP_AMBIGUOUS_FRAMING'],
  ['Content-Length and a non-chunked Transfer-Encoding', 'GET', head(200, [CL('3'), TE('gzip')]), 'ERR_HTTP_AMBIGUOUS_FRAMING'],
  ['a length', 'GET', head(200, [CL('42')]), { kind: 'length', length: 42 }],
  ['leading zeros', 'GET', head(200, [CL('007')]), { kind: 'length', length: 7 }],
  ['the largest safe length', 'GET', head(200, [CL(String(Number.MAX_SAFE_INTEGER))]), { kind: 'length', length: Number.MAX_SAFE_INTEGER }],
  ['beyond 2^53', 'GET', head(200, [CL('9007199254740993')]), 'ERR_HTTP_INVALID_CONTENT_LENGTH'],
  ['identical repeats', 'GET', head(200, [CL('3'), CL('3')]), { kind: 'length', length: 3 }],
  ['an identical list', 'GET', head(200, [CL('3 , 3')]), { kind: 'length', length: 3 }],
  ['differing repeats', 'GET', head(200, [CL('3'), CL('4')]), 'ERR_HTTP_AMBIGUOUS_FRAMING'],
  ['a sign', 'GET', head(200, [CL('-1')]), 'ERR_HTTP_INVALID_CONTENT_LENGTH'],
  ['a fraction', 'GET', head(200, [CL('1.5')]), 'ERR_HTTP_INVALID_CONTENT_LENGTH'],
  ['an empty list member', 'GET', head(200, [CL('3,')]), 'ERR_HTTP_INVALID_CONTENT_LENGTH'],
  ['NBSP (obs-text) is not whitespace around a length', 'GET', head(200, [CL('\xa05')]), 'ERR_HTTP_INVALID_CONTENT_LENGTH'],
  ['NBSP after a length', 'GET', head(200, [CL('5\xa0')]), 'ERR_HTTP_INVALID_CONTENT_LENGTH'],
  ['HTAB after chunked is OWS: chunked (llhttp reads until close)', 'GET', head(200, [TE('chunked\t')]), { kind: 'chunked' }],
  ['NBSP after chunked: another coding, until close', 'GET', head(200, [TE('chunked\xa0')]), { kind: 'close' }],
  ['no length: until close', 'GET', head(200, []), { kind: 'close' }],
  ['HTTP/1.0 with no length: until close', 'GET', head(200, [], 0), { kind: 'close' }],
];

describe('framing: the body length (RFC 9112 §6.3)', () => {
  for (const [what, method, h, want] of ROWS) {
    it(`${what}: ${typeof want === 'string' ? want : want.kind}`, () => expect(decide(method, h)).to.deep.equal(want));
  }
});
