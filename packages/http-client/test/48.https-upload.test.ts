// Uploads over https:, in both run modes: the body goes through TLS intact (Content-Length and
// chunked, with 100-continue), and the connection is reused after. And a TLS server that answers
// 413 without reading the body: the answer is seen at once, not at headersTimeout.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { createServer, type TLSSocket } from 'node:tls';
import { HttpClient } from '../src/index.js';
import { bigBody, certs, httpsSuite } from './util/https.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

for (const mode of ['await', 'blockOn'] as const) {
  describe(`https: uploads (${mode})`, function () {
    this.timeout(30_000);
    const suite = httpsSuite(mode);
    const { c, run } = suite;

    it('a 10 MiB POST (Content-Length, 100-continue) and a chunked PUT arrive intact over one connection', async () => {
      using client = new HttpClient({ defaults: { tls: { ca: c.ca } } });
      const url = `https://localhost:${suite.srv.port}/echo`;
      const big = bigBody();
      expect((await run(client.post(url, { body: big }))).text()).to.equal(`POST ${big.length} ${sha(big)}`);
      const parts = [big.subarray(0, 100_000), big.subarray(100_000, 3_000_000)];
      const whole = big.subarray(0, 3_000_000);
      expect((await run(client.put(url, { body: parts, expectContinue: false }))).text()).to.equal(`PUT ${whole.length} ${sha(whole)}`);
      expect((await run(client.post(url, { json: { tls: true } }))).text()).to.equal(`POST 12 ${sha(Buffer.from('{"tls":true}'))}`);
      expect(client.connections).to.equal(1);
    });
  });
}

describe('https: an early answer to an upload', () => {
  const suite = { c: certs() };

  it('a 413 from a TLS server that reads nothing is delivered while the body is stuck', async () => {
    const sockets: TLSSocket[] = [];
    const server = createServer({ key: suite.c.localhost.key, cert: suite.c.localhost.cert }, (s) => {
      sockets.push(s);
      s.on('error', () => {});
      s.once('data', () => {
        s.pause();
        // Once the client's upload has long filled the socket buffers.
        setTimeout(() => s.write('HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\nContent-Length: 3\r\n\r\nbig'), 200);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    using client = new HttpClient({ defaults: { tls: { ca: suite.c.ca }, expectContinue: false, headersTimeout: 5000 } });
    try {
      const port = (server.address() as { port: number }).port;
      const res = await client.post(`https://localhost:${port}/`, { body: new Uint8Array(32 * 1024 * 1024) });
      expect([res.status, res.text()]).to.deep.equal([413, 'big']);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    }
  });
});
