import { expect } from 'chai';
import { HttpClient } from '../src/index.js';
import { codeOf, scripted, send } from './util/scripted.js';

describe('retry of a GET on a stale pooled connection', () => {
  it('the server closed the idle connection (EOF before any byte): retried once on a new one', async () => {
    const srv = await scripted((s, _req, conn) => {
      if (conn === 0) {
        // Keep-alive promised, then the server closes while the connection sits idle.
        send(s, 'HTTP/1.1 200 OK', 'Content-Length: 5', '', 'first');
        setTimeout(() => s.end(), 5);
      } else send(s, 'HTTP/1.1 200 OK', 'Content-Length: 6', '', 'second');
    });
    const client = new HttpClient();
    try {
      expect((await client.get(`${srv.url}/1`)).text()).to.equal('first');
      await new Promise((r) => setTimeout(r, 30));
      expect((await client.get(`${srv.url}/2`)).text()).to.equal('second');
      expect(srv.connections).to.equal(2);
    } finally {
      client.close();
      await srv.close();
    }
  });

  it('the server drops the request on a reused connection (closes on receipt): retried once', async () => {
    let dropped = 0;
    const srv = await scripted((s, _req, conn) => {
      if (conn === 0 && dropped++ === 1) s.destroy(); // the second request on connection 0
      else send(s, 'HTTP/1.1 200 OK', 'Content-Length: 2', '', 'ok');
    });
    const client = new HttpClient();
    try {
      await client.get(`${srv.url}/1`);
      expect((await client.get(`${srv.url}/2`)).text()).to.equal('ok');
      expect(srv.connections).to.equal(2);
    } finally {
      client.close();
      await srv.close();
    }
  });

  it('never when response bytes had arrived', async () => {
    const srv = await scripted((s, _req, conn) => {
      if (conn === 0 && srvState.n++ === 1) {
        s.write('HTTP/1.1 200 OK\r\nContent-Le');
        s.destroy();
      } else send(s, 'HTTP/1.1 200 OK', 'Content-Length: 2', '', 'ok');
    });
    const srvState = { n: 0 };
    const client = new HttpClient();
    try {
      await client.get(`${srv.url}/1`);
      expect(await codeOf(client.get(`${srv.url}/2`))).to.be.oneOf(['ERR_HTTP_PREMATURE_CLOSE', 'ECONNRESET']);
      expect(srv.connections).to.equal(1);
    } finally {
      client.close();
      await srv.close();
    }
  });

  it('never on a fresh connection', async () => {
    const srv = await scripted((s) => s.destroy());
    const client = new HttpClient();
    try {
      expect(await codeOf(client.get(`${srv.url}/`))).to.be.oneOf(['ERR_HTTP_PREMATURE_CLOSE', 'ECONNRESET']);
      expect(srv.connections).to.equal(1);
    } finally {
      client.close();
      await srv.close();
    }
  });
});
