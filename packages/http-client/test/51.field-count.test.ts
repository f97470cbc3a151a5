// A hostile server cannot turn the head limit into a heap many times larger: a field costs far
// more than its bytes, so past MAX_FIELDS fields a head (or trailer section) is too large,
// whatever maxHeaderSize allows.
import { expect } from 'chai';
import { HttpClient } from '../src/index.js';
import { MAX_FIELDS } from '../src/field-lines.js';
import { decode } from './util/decode.js';
import { codeOf, scripted } from './util/scripted.js';

const MAX_HEAD = 16 * 1024 * 1024;
const head = (fields: number) => Buffer.from(`HTTP/1.1 200 OK\r\n${'a:\r\n'.repeat(fields - 1)}Content-Length: 0\r\n\r\n`, 'latin1');
const trailer = (fields: number) => Buffer.from(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n${'a:\r\n'.repeat(fields)}\r\n`, 'latin1');

describe('field count limit (heap, not just bytes)', () => {
  it(`a head of ${MAX_FIELDS} fields is read; one more is ERR_HTTP_HEADERS_TOO_LARGE, even under a 16 MiB maxHeaderSize`, () => {
    const ok = decode(head(MAX_FIELDS), [], { maxHeaderSize: MAX_HEAD });
    expect(ok.kind === 'message' && ok.message.headers.length).to.equal(MAX_FIELDS);
    expect(decode(head(MAX_FIELDS + 1), [], { maxHeaderSize: MAX_HEAD })).to.include({ kind: 'error', code: 'ERR_HTTP_HEADERS_TOO_LARGE' });
  });

  it('the same holds for a trailer section', () => {
    const ok = decode(trailer(MAX_FIELDS), [], { maxHeaderSize: MAX_HEAD });
    expect(ok.kind === 'message' && ok.message.trailers.length).to.equal(MAX_FIELDS);
    expect(decode(trailer(MAX_FIELDS + 1), [], { maxHeaderSize: MAX_HEAD })).to.include({ kind: 'error', code: 'ERR_HTTP_HEADERS_TOO_LARGE' });
  });

  it('over a connection: a flood of empty fields fails at the limit and closes the connection', async () => {
    const srv = await scripted((s) => {
      s.write('HTTP/1.1 200 OK\r\n');
      s.write('a:\r\n'.repeat(4 * MAX_FIELDS));
    });
    const client = new HttpClient();
    try {
      expect(await codeOf(client.get(`${srv.url}/`, { maxHeaderSize: MAX_HEAD }))).to.equal('ERR_HTTP_HEADERS_TOO_LARGE');
      expect(client.connections).to.equal(0);
    } finally {
      client.close();
      await srv.close();
    }
  });
});
