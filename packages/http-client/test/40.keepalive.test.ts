import { expect } from 'chai';
import { HttpClient } from '../src/index.js';
import { scripted, send } from './util/scripted.js';

async function connectionsFor(responseHead: string[], n = 3, clientOpts = {}) {
  const srv = await scripted((s) => send(s, ...responseHead, 'Content-Length: 2', '', 'ok'));
  const client = new HttpClient(clientOpts);
  try {
    for (let i = 0; i < n; i++) expect((await client.get(`${srv.url}/${i}`)).text()).to.equal('ok');
    return srv.connections;
  } finally {
    client.close();
    await srv.close();
  }
}

describe('connection reuse', () => {
  it('HTTP/1.1 keeps the connection', async () => {
    expect(await connectionsFor(['HTTP/1.1 200 OK'])).to.equal(1);
  });

  it('HTTP/1.1 with Connection: close does not', async () => {
    expect(await connectionsFor(['HTTP/1.1 200 OK', 'Connection: close'])).to.equal(3);
  });

  it('a request that sends Connection: close itself never reuses its connection, even if the server keeps it open (RFC 9112 §9.6)', async () => {
    const srv = await scripted((s) => send(s, 'HTTP/1.1 200 OK', 'Content-Length: 2', '', 'ok'));
    const client = new HttpClient();
    try {
      for (const headers of [{ Connection: 'close' }, [['connection', 'Foo, CLOSE']] as [string, string][]]) {
        expect((await client.get(`${srv.url}/`, { headers })).text()).to.equal('ok');
        expect(client.connections).to.equal(0);
      }
      expect((await client.get(`${srv.url}/`)).text()).to.equal('ok');
      expect(srv.connections).to.equal(3);
    } finally {
      client.close();
      await srv.close();
    }
  });

  it('HTTP/1.0 only with Connection: keep-alive', async () => {
    expect(await connectionsFor(['HTTP/1.0 200 OK'])).to.equal(3);
    expect(await connectionsFor(['HTTP/1.0 200 OK', 'Connection: keep-alive'])).to.equal(1);
  });

  it('honours Keep-Alive: timeout= (with a second of margin: timeout=1 means no reuse)', async () => {
    expect(await connectionsFor(['HTTP/1.1 200 OK', 'Keep-Alive: timeout=1'])).to.equal(3);
    expect(await connectionsFor(['HTTP/1.1 200 OK', 'Keep-Alive: timeout=5'])).to.equal(1);
  });

  it('does not reuse a connection idle longer than idleTimeout', async () => {
    const srv = await scripted((s) => send(s, 'HTTP/1.1 200 OK', 'Content-Length: 2', '', 'ok'));
    const client = new HttpClient({ idleTimeout: 20 });
    try {
      await client.get(`${srv.url}/`);
      await new Promise((r) => setTimeout(r, 40));
      await client.get(`${srv.url}/`);
      expect(srv.connections).to.equal(2);
    } finally {
      client.close();
      await srv.close();
    }
  });

  it('idleTimeout 0 means no limit, as for every timeout: the connection is reused after any pause', async () => {
    const srv = await scripted((s) => send(s, 'HTTP/1.1 200 OK', 'Content-Length: 2', '', 'ok'));
    const client = new HttpClient({ idleTimeout: 0 });
    try {
      await client.get(`${srv.url}/`);
      await new Promise((r) => setTimeout(r, 30));
      await client.get(`${srv.url}/`);
      expect([srv.connections, client.connections]).to.deep.equal([1, 1]);
    } finally {
      client.close();
      await srv.close();
    }
  });

  it('a body must be fully read before reuse: a cancelled stream closes its connection', async () => {
    const srv = await scripted((s) => send(s, 'HTTP/1.1 200 OK', 'Content-Length: 5', '', 'hel'));
    const client = new HttpClient();
    try {
      const res = await client.stream(`${srv.url}/`);
      res.cancel();
      expect(client.connections).to.equal(0);
    } finally {
      client.close();
      await srv.close();
    }
  });

  it('at most maxConnections per origin; further requests queue and reuse them', async () => {
    const srv = await scripted((s) => setTimeout(() => send(s, 'HTTP/1.1 200 OK', 'Content-Length: 2', '', 'ok'), 20));
    const client = new HttpClient({ maxConnections: 2 });
    try {
      const all = await Promise.all(Array.from({ length: 6 }, (_, i) => client.get(`${srv.url}/${i}`)));
      expect(all.map((r) => r.text())).to.deep.equal(Array(6).fill('ok'));
      expect(srv.connections).to.equal(2);
    } finally {
      client.close();
      await srv.close();
    }
  });
});
