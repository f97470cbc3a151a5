// Uploads over https:, in both run modes: the body goes through TLS intact (Content-Length and
// chunked, with 100-continue), and the connection is reused after.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { HttpClient } from '../src/index.js';
import { bigBody, httpsSuite } from './util/https.js';

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
