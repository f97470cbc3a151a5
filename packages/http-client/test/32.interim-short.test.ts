import { expect } from 'chai';
import { HttpClient } from '../src/index.js';
import { failRaw, respondRaw } from './util/respond.js';
import { scripted, send } from './util/scripted.js';

describe('interim responses and short bodies', () => {
  it('skips 100 and 103 before the final response', async () => {
    const { res } = await respondRaw('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbody');
    expect([res.status, res.text(), res.headers.has('link')]).to.deep.equal([200, 'body', false]);
  });

  it('only 1xx is interim: a 0xx, 6xx or 9xx status is ERR_HTTP_INVALID_STATUS', async () => {
    for (const status of ['000', '099', '600', '999']) {
      const raw = `HTTP/1.1 ${status} Odd\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok`;
      expect(await failRaw(raw), status).to.equal('ERR_HTTP_INVALID_STATUS');
    }
  });

  it('a 101 to a GET is ERR_HTTP_UNEXPECTED_UPGRADE', async () => {
    expect(await failRaw('HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n')).to.equal('ERR_HTTP_UNEXPECTED_UPGRADE');
  });

  it('EOF before Content-Length bytes is ERR_HTTP_CONTENT_LENGTH_MISMATCH', async () => {
    expect(await failRaw('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort', { end: true })).to.equal('ERR_HTTP_CONTENT_LENGTH_MISMATCH');
  });

  it('EOF inside the head is ERR_HTTP_PREMATURE_CLOSE', async () => {
    expect(await failRaw('HTTP/1.1 200 OK\r\nContent-Le', { end: true })).to.equal('ERR_HTTP_PREMATURE_CLOSE');
  });

  it('bytes after a complete response, with nothing asked, close the connection', async () => {
    const srv = await scripted((s) => send(s, 'HTTP/1.1 200 OK', 'Content-Length: 2', '', 'okEXTRA GARBAGE'));
    const client = new HttpClient();
    try {
      expect((await client.get(`${srv.url}/1`)).text()).to.equal('ok');
      expect((await client.get(`${srv.url}/2`)).text()).to.equal('ok');
      expect(srv.connections).to.equal(2);
    } finally {
      client.close();
      await srv.close();
    }
  });
});
