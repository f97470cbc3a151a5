// client.stream(url, { signal }): the listener goes when the request settles (no listener piles up
// on a long-lived signal), and an abort after the head cancels the body.
import { getEventListeners } from 'node:events';
import { expect } from 'chai';
import { HttpClient } from '../src/index.js';
import { codeOf, fdCount, scripted, send } from './util/scripted.js';

describe('client.stream with a signal', () => {
  it('leaves no abort listener behind once each body is read (or the request fails)', async () => {
    const srv = await scripted((s, req) => {
      if (req.startsWith('GET /fail')) s.destroy();
      else send(s, 'HTTP/1.1 200 OK', 'Content-Length: 2', '', 'ok');
    });
    const client = new HttpClient();
    const ac = new AbortController();
    try {
      for (let i = 0; i < 5; i++) {
        const res = await client.stream(`${srv.url}/${i}`, { signal: ac.signal });
        for await (const _ of res.body);
        await client.get(`${srv.url}/${i}`, { signal: ac.signal });
      }
      expect(await codeOf(client.stream(`${srv.url}/fail`, { signal: ac.signal }))).to.be.a('string').and.not.equal('resolved');
      expect(getEventListeners(ac.signal, 'abort')).to.have.length(0);
    } finally {
      client.close();
      await srv.close();
    }
  });

  it('an abort after the head cancels the body: a waiting read and every later one fail with ABORT_ERR, the connection is closed', async () => {
    const srv = await scripted((s) => send(s, 'HTTP/1.1 200 OK', 'Content-Length: 100', '', 'first'));
    const client = new HttpClient();
    const ac = new AbortController();
    const fds = fdCount();
    try {
      const res = await client.stream(`${srv.url}/`, { signal: ac.signal });
      expect(getEventListeners(ac.signal, 'abort')).to.have.length(1);
      const first = await res.body.next();
      expect(Buffer.from(first!).toString()).to.equal('first');
      const waiting = codeOf(res.body.next());
      setTimeout(() => ac.abort(), 20);
      expect(await waiting).to.equal('ABORT_ERR');
      expect(await codeOf(res.body.next())).to.equal('ABORT_ERR');
      expect(client.connections).to.equal(0);
      expect(getEventListeners(ac.signal, 'abort')).to.have.length(0);
    } finally {
      client.close();
      await srv.close();
    }
    expect(fdCount()).to.be.at.most(fds);
  });

  it('a body nobody reads is closed by the abort too', async () => {
    const srv = await scripted((s) => send(s, 'HTTP/1.1 200 OK', 'Content-Length: 100', '', 'x'));
    const client = new HttpClient();
    const ac = new AbortController();
    try {
      const res = await client.stream(`${srv.url}/`, { signal: ac.signal });
      expect(client.connections).to.equal(1);
      ac.abort();
      expect(client.connections).to.equal(0);
      expect(await codeOf(res.body.next())).to.equal('ABORT_ERR');
    } finally {
      client.close();
      await srv.close();
    }
  });
});
