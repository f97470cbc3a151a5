import { expect } from 'chai';
import { failRaw, respondRaw } from './util/respond.js';

const H = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n';

describe('chunked bodies', () => {
  it('decodes chunks, ignores extensions, keeps trailers apart from headers', async () => {
    const { res } = await respondRaw(`${H}5;name=value;x\r\nhello\r\n1 ; ext\r\n \r\nA\r\n0123456789\r\n0\r\nX-Checksum: abc\r\nX-More: 1\r\n\r\n`);
    expect(res.text()).to.equal('hello 0123456789');
    expect(res.trailers.get('x-checksum')).to.equal('abc');
    expect(res.headers.has('x-checksum')).to.equal(false);
  });

  it('survives any split: one byte per segment', async () => {
    const raw = `${H}3\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n`;
    const { res } = await respondRaw([...Buffer.from(raw, 'latin1')].map((b) => Buffer.from([b])));
    expect(res.text()).to.equal('abc0123456789abcdef');
  });

  it('guards the size against overflow and garbage', async () => {
    expect(await failRaw(`${H}fffffffffffffffff\r\n`)).to.equal('ERR_HTTP_INVALID_CHUNK');
    expect(await failRaw(`${H}zz\r\nab\r\n0\r\n\r\n`)).to.equal('ERR_HTTP_INVALID_CHUNK');
    expect(await failRaw(`${H}-1\r\n`)).to.equal('ERR_HTTP_INVALID_CHUNK');
    expect(await failRaw(`${H}3\nabc\r\n0\r\n\r\n`)).to.equal('ERR_HTTP_INVALID_CHUNK');
  });

  it('bounds extensions', async () => {
    expect(await failRaw(`${H}3;${'x'.repeat(5000)}\r\nabc\r\n0\r\n\r\n`)).to.equal('ERR_HTTP_INVALID_CHUNK');
  });

  it('refuses what the chunk-ext grammar does not allow (RFC 9112 §7.1.1), accepts BWS around ; and =', async () => {
    for (const line of ['2  ', '2;', '2;a="b', '2;a=', '2;a b']) {
      expect(await failRaw(`${H}${line}\r\nok\r\n0\r\n\r\n`), line).to.equal('ERR_HTTP_INVALID_CHUNK');
    }
    const { res } = await respondRaw(`${H}2 ; a = "b\\"c" ;d\r\nok\r\n0\r\n\r\n`);
    expect(res.text()).to.equal('ok');
  });

  it('requires CRLF after chunk data', async () => {
    expect(await failRaw(`${H}3\r\nabcX\r\n0\r\n\r\n`)).to.equal('ERR_HTTP_INVALID_CHUNK');
  });

  it('a chunk stream cut short is an error, never a truncated success', async () => {
    expect(await failRaw(`${H}5\r\nhel`, { end: true })).to.equal('ERR_HTTP_PREMATURE_CLOSE');
    expect(await failRaw(`${H}5\r\nhello\r\n`, { end: true })).to.equal('ERR_HTTP_PREMATURE_CLOSE');
  });
});
