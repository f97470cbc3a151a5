import { expect } from 'chai';
import { HttpClient } from '../src/index.js';
import { failRaw, respondRaw } from './util/respond.js';
import { scripted, send } from './util/scripted.js';

describe('body length precedence (RFC 9112 §6.3)', () => {
  it('HEAD, 1xx, 204 and 304 have no body whatever the headers say', async () => {
    for (const status of ['204 No Content', '304 Not Modified']) {
      // The server lies with a length and then sends the next response right away.
      const srv = await scripted((s) => send(s, `HTTP/1.1 ${status}`, 'Content-Length: 5', 'Transfer-Encoding: chunked', '', ''));
      const client = new HttpClient();
      try {
        const res = await client.get(`${srv.url}/`);
        expect(res.body.length, status).to.equal(0);
      } finally {
        client.close();
        await srv.close();
      }
    }
    const { res } = await respondRaw('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n', { method: 'HEAD' });
    expect(res.body.length).to.equal(0);
  });

  it('Transfer-Encoding ending in chunked wins over no length', async () => {
    const { res } = await respondRaw('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n');
    expect(res.text()).to.equal('abc');
  });

  it('Content-Length with Transfer-Encoding is ERR_HTTP_AMBIGUOUS_FRAMING and the connection is not reused', async () => {
    const srv = await scripted((s, req, conn) => {
      if (conn === 0 && !req.includes('/second')) send(s, 'HTTP/1.1 200 OK', 'Content-Length: 3', 'Transfer-Encoding: chunked', '', '3', 'abc', '0', '', '');
      else send(s, 'HTTP/1.1 200 OK', 'Content-Length: 2', '', 'ok');
    });
    const client = new HttpClient();
    try {
      let code = '';
      try {
        await client.get(`${srv.url}/first`);
      } catch (err) {
        code = (err as { code: string }).code;
      }
      expect(code).to.equal('ERR_HTTP_AMBIGUOUS_FRAMING');
      expect((await client.get(`${srv.url}/second`)).text()).to.equal('ok');
      expect(srv.connections).to.equal(2);
    } finally {
      client.close();
      await srv.close();
    }
  });

  it('a Transfer-Encoding not ending in chunked is read until close', async () => {
    const { res } = await respondRaw('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nraw bytes', { end: true });
    expect(res.text()).to.equal('raw bytes');
  });

  it('repeated Content-Length only if identical; differing ones are ambiguous', async () => {
    const { res } = await respondRaw('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc');
    expect(res.text()).to.equal('abc');
    const { res: listed } = await respondRaw('HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\n\r\nabc');
    expect(listed.text()).to.equal('abc');
    expect(await failRaw('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd')).to.equal('ERR_HTTP_AMBIGUOUS_FRAMING');
  });

  it('invalid or overflowing Content-Length is ERR_HTTP_INVALID_CONTENT_LENGTH', async () => {
    for (const v of ['abc', '-1', '+5', '1.5', '0x10', '', '99999999999999999999']) {
      expect(await failRaw(`HTTP/1.1 200 OK\r\nContent-Length: ${v}\r\n\r\n`), v).to.equal('ERR_HTTP_INVALID_CONTENT_LENGTH');
    }
  });

  it('with no length at all, the body runs until the server closes', async () => {
    const { res } = await respondRaw('HTTP/1.1 200 OK\r\n\r\nuntil the end', { end: true });
    expect(res.text()).to.equal('until the end');
  });
});
