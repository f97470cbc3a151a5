// request() and the method shortcuts against node:http, in both run modes: what arrives (method,
// framing, content type, the body's bytes), for every kind of body that works in that mode.
import { expect } from 'chai';
import { Poll, type Context } from '@ferrite/future';
import { HttpClient, type Response } from '../src/index.js';
import { echoSuite, sha256, type Echoed } from './util/echo.js';
import { fdCount } from './util/scripted.js';
import { until } from './util/upload-server.js';

const echoed = (res: Response) => res.json<Echoed>();
const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + (i >> 8)) & 0xff);

/** A ferrite stream (pollRead) over `data`, `step` bytes a read. */
function pollReader(data: Uint8Array, step: number) {
  let at = 0;
  return {
    pollRead(_cx: Context, buf: Uint8Array): Poll<number> {
      const n = Math.min(step, buf.length, data.length - at);
      buf.set(data.subarray(at, at + n));
      at += n;
      return Poll.ready(n);
    },
  };
}

for (const mode of ['await', 'blockOn'] as const) {
  describe(`methods and bodies (${mode})`, function () {
    this.timeout(20_000);
    const suite = echoSuite(mode);
    const { run } = suite;
    let client: HttpClient;
    beforeEach(() => (client = new HttpClient({ defaults: { expectContinue: false } })));
    afterEach(() => client.close());

    it('post({ json }) sends JSON with its content type and Content-Length', async () => {
      const e = echoed(await run(client.post(`${suite.srv.url}/echo`, { json: { a: [1, 'x'] } })));
      expect(e).to.include({ method: 'POST', bytes: 13, cl: '13', te: null, ct: 'application/json' });
      expect(e.sha256).to.equal(sha256(Buffer.from('{"a":[1,"x"]}')));
    });

    it('json keeps a content type the headers set', async () => {
      const e = echoed(await run(client.put(`${suite.srv.url}/echo`, { json: 1, headers: { 'Content-Type': 'application/merge-patch+json' } })));
      expect(e).to.include({ method: 'PUT', ct: 'application/merge-patch+json' });
    });

    it('put, patch and delete with strings and bytes: Content-Length, the bytes intact', async () => {
      const b = bytes(200_000);
      const put = echoed(await run(client.put(`${suite.srv.url}/echo`, { body: b })));
      expect(put).to.include({ method: 'PUT', bytes: b.length, cl: String(b.length), te: null });
      expect(put.sha256).to.equal(sha256(b));
      const patch = echoed(await run(client.patch(`${suite.srv.url}/echo`, { body: 'héllo' })));
      expect(patch).to.include({ method: 'PATCH', bytes: 6, cl: '6' });
      const del = echoed(await run(client.delete(`${suite.srv.url}/echo`)));
      expect(del).to.include({ method: 'DELETE', bytes: 0, cl: null, te: null });
    });

    it('a POST without a body sends Content-Length: 0', async () => {
      expect(echoed(await run(client.post(`${suite.srv.url}/echo`)))).to.include({ method: 'POST', bytes: 0, cl: '0' });
    });

    it('request(): any method token; the standard ones in any case are sent upper case', async () => {
      expect(echoed(await run(client.request({ method: 'post', url: `${suite.srv.url}/echo`, body: 'x' })))).to.include({ method: 'POST' });
      expect(echoed(await run(client.request({ method: 'OPTIONS', url: `${suite.srv.url}/echo` })))).to.include({ method: 'OPTIONS' });
      expect(echoed(await run(client.request({ method: 'PROPFIND', url: `${suite.srv.url}/echo` })))).to.include({ method: 'PROPFIND' });
    });

    it('an iterable of chunks goes chunked, strings as UTF-8, empty chunks skipped', async () => {
      const chunks = ['ab', new Uint8Array(0), Buffer.from('cd'), 'é'];
      const e = echoed(await run(client.post(`${suite.srv.url}/echo`, { body: chunks })));
      expect(e).to.include({ bytes: 6, te: 'chunked', cl: null });
      expect(e.sha256).to.equal(sha256(Buffer.from('abcdé')));
    });

    it('a ferrite stream (pollRead) goes chunked, read until its end', async () => {
      const b = bytes(300_000);
      const e = echoed(await run(client.post(`${suite.srv.url}/echo`, { body: pollReader(b, 50_000) })));
      expect(e).to.include({ bytes: b.length, te: 'chunked' });
      expect(e.sha256).to.equal(sha256(b));
    });

    it('a stream body with the caller\'s Content-Length is sent with that length, not chunked', async () => {
      const b = bytes(1000);
      const e = echoed(await run(client.post(`${suite.srv.url}/echo`, { body: [b.subarray(0, 400), b.subarray(400)], headers: { 'content-length': '1000' } })));
      expect(e).to.include({ bytes: 1000, cl: '1000', te: null });
    });

    it('a streamed response body piped into a POST (no promise: both modes)', async () => {
      const source = await run(client.requestStream({ method: 'POST', url: `${suite.srv.url}/echo`, body: 'piped' }));
      const e = echoed(await run(client.post(`${suite.srv.url}/echo`, { body: source.body })));
      expect(e.te).to.equal('chunked');
      expect(e.bytes).to.be.above(50);
    });

    it('keep-alive: requests with bodies reuse one connection; the fds come back', async () => {
      const before = fdCount();
      for (let i = 0; i < 5; i++) await run(client.post(`${suite.srv.url}/echo`, { body: bytes(100_000) }));
      expect(client.connections).to.equal(1);
      client.close();
      // An in-process server closes its side a moment later.
      // A socket of an earlier test may close meanwhile too: at most the baseline, never above.
      await until(() => fdCount() <= before);
    });

    if (mode === 'await') {
      it('an async iterable (a generator) goes chunked', async () => {
        async function* gen() {
          for (let i = 0; i < 10; i++) yield `part ${i};`;
        }
        const e = echoed(await client.post(`${suite.srv.url}/echo`, { body: gen() }));
        expect(e).to.include({ te: 'chunked', bytes: 70 });
      });

      it('a Blob: its size as Content-Length, its type as Content-Type', async () => {
        const blob = new Blob(['blob ', bytes(100_000)], { type: 'application/octet-stream' });
        const e = echoed(await client.post(`${suite.srv.url}/echo`, { body: blob }));
        expect(e).to.include({ bytes: blob.size, cl: String(blob.size), ct: 'application/octet-stream' });
        expect(e.sha256).to.equal(sha256(new Uint8Array(await blob.arrayBuffer())));
      });

      it('a Blob-like with only arrayBuffer(), and a web ReadableStream', async () => {
        const data = bytes(5000);
        const like = { size: data.length, arrayBuffer: async () => data.slice().buffer };
        expect(echoed(await client.post(`${suite.srv.url}/echo`, { body: like }))).to.include({ bytes: 5000, cl: '5000' });
        const stream = new Blob([data]).stream();
        const e = echoed(await client.post(`${suite.srv.url}/echo`, { body: stream }));
        expect(e).to.include({ bytes: 5000, te: 'chunked' });
        expect(e.sha256).to.equal(sha256(data));
      });
    }
  });
}
