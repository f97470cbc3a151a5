// A buffered body: memory follows the bytes received, not the Content-Length a head declares; and
// the body owns its memory (`body.buffer` is this body only, never Node's shared Buffer pool).
import { expect } from 'chai';
import { BodyCollector, PREALLOC } from '../src/body-collector.js';
import { HttpClient } from '../src/index.js';
import { scripted, send } from './util/scripted.js';

describe('buffered body memory', () => {
  it('a declared Content-Length is allocated only up to a modest bound before the bytes come', () => {
    const c = new BodyCollector(60 * 1024 * 1024, 64 * 1024 * 1024);
    expect(c.capacity).to.be.at.most(PREALLOC);
    c.sink(Buffer.from('0123456789'));
    expect(c.capacity).to.be.at.most(PREALLOC);
    // It grows with the data, never beyond the declared length.
    const d = new BodyCollector(100_000, Infinity);
    for (let i = 0; i < 100; i++) d.sink(Buffer.alloc(1000, i));
    expect(d.capacity).to.equal(100_000);
    const body = d.take();
    expect([body.length, body[0], body[99_999]]).to.deep.equal([100_000, 0, 99]);
  });

  it('a small declared body is collected in a plain Uint8Array of its length (kept in the JS heap, no malloc\'d store), a larger one in a Buffer', () => {
    const small = new BodyCollector(11, Infinity);
    small.sink(Buffer.from('hello '));
    small.sink(Buffer.from('world'));
    const body = small.take();
    expect([Buffer.isBuffer(body), body.byteOffset, body.buffer.byteLength, Buffer.from(body).toString()]).to.deep.equal([false, 0, 11, 'hello world']);
    const large = new BodyCollector(65, Infinity);
    large.sink(Buffer.alloc(65, 1));
    expect([large.capacity, large.take().length]).to.deep.equal([65, 65]);
  });

  it('a head declaring 50 MiB that sends 10 bytes costs kilobytes, not 50 MiB per request', async () => {
    const srv = await scripted((s) => send(s, 'HTTP/1.1 200 OK', `Content-Length: ${50 * 1024 * 1024}`, '', '0123456789'));
    const client = new HttpClient();
    try {
      globalThis.gc?.();
      const before = process.memoryUsage().arrayBuffers;
      const gets = [1, 2, 3, 4].map((i) => client.get(`${srv.url}/${i}`, { bodyTimeout: 0, timeout: 600 }).then(() => 'resolved', (e: unknown) => (e as { code?: string }).code));
      // Sample while the four requests wait for bodies that never come.
      let peak = 0;
      for (let i = 0; i < 10; i++) {
        await new Promise((r) => setTimeout(r, 40));
        peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
      }
      expect(await Promise.all(gets)).to.deep.equal(Array(4).fill('ERR_HTTP_TIMEOUT'));
      expect(srv.requests).to.have.length(4);
      expect(peak).to.be.below(16 * 1024 * 1024);
    } finally {
      client.close();
      await srv.close();
    }
  });

  it('a streamed chunk owns its memory too: a Buffer whose buffer is exactly the chunk', async () => {
    const srv = await scripted((s) => send(s, 'HTTP/1.1 200 OK', 'Transfer-Encoding: chunked', '', '3', 'abc', '2', 'de', '0', '', ''));
    const client = new HttpClient();
    try {
      const res = await client.stream(`${srv.url}/`);
      const chunks: Uint8Array[] = [];
      for await (const c of res.body) chunks.push(c);
      expect(Buffer.concat(chunks).toString()).to.equal('abcde');
      for (const c of chunks) expect([c.byteOffset, c.buffer.byteLength]).to.deep.equal([0, c.length]);
    } finally {
      client.close();
      await srv.close();
    }
  });

  for (const [what, framing] of [
    ['Content-Length', ['Content-Length: 5', '', 'small']],
    ['chunked', ['Transfer-Encoding: chunked', '', '5', 'small', '0', '', '']],
    ['read until close', ['Connection: close', '', 'small']],
  ] as const) {
    it(`a small body (${what}) is a Uint8Array whose buffer is exactly the body`, async () => {
      const srv = await scripted((s) => {
        send(s, 'HTTP/1.1 200 OK', ...framing);
        if (what === 'read until close') s.end();
      });
      const client = new HttpClient();
      try {
        const res = await client.get(`${srv.url}/`);
        expect(res.text()).to.equal('small');
        expect([res.body.byteOffset, res.body.buffer.byteLength]).to.deep.equal([0, 5]);
      } finally {
        client.close();
        await srv.close();
      }
    });
  }
});
