// Bodies over https:, in both run modes: a 10 MiB body intact, buffered and streamed (and the
// streamed one's connection reused after); HEAD; 1,000 sequential requests, each on a new resumed
// connection, leave no socket behind.
import { expect } from 'chai';
import { coroutine, wait } from '@ferrite/future';
import { Http, HttpClient } from '../src/index.js';
import { BIG, bigBody, httpsSuite, settled, socketCount } from './util/https.js';

for (const mode of ['await', 'blockOn'] as const) {
  describe(`https: bodies (${mode})`, function () {
    this.timeout(60_000);
    const suite = httpsSuite(mode);
    const { c, run } = suite;
    const stats = async () => JSON.parse((await run(Http.get(`http://127.0.0.1:${suite.srv.httpPort}/stats`))).text()) as { connections: number; resumed: number };

    it('a 10 MiB body arrives intact, buffered and streamed, over one connection', async () => {
      const base = socketCount();
      using client = new HttpClient({ defaults: { tls: { ca: c.ca } } });
      const url = `https://localhost:${suite.srv.port}/big`;
      const buffered = await run(client.get(url));
      expect(buffered.body.length).to.equal(BIG);
      expect(Buffer.from(buffered.body).equals(bigBody())).to.equal(true);
      const streamed = await run(coroutine(function* () {
        const res = yield* wait(client.stream(url));
        const chunks: Uint8Array[] = [];
        for (;;) {
          const chunk = yield* wait(res.body.next());
          if (chunk === null) return Buffer.concat(chunks);
          chunks.push(chunk);
        }
      })());
      expect(streamed.equals(bigBody())).to.equal(true);
      expect(client.connections).to.equal(1);
      client.close();
      expect(await settled(socketCount, base)).to.equal(base);
    });

    it('HEAD reads no body and keeps the connection for the next GET', async () => {
      using client = new HttpClient({ defaults: { tls: { ca: c.ca } } });
      const head = await run(client.head(`https://localhost:${suite.srv.port}/big`));
      expect([head.status, head.headers.get('content-length'), head.body.length]).to.deep.equal([200, String(BIG), 0]);
      expect((await run(client.get(`https://localhost:${suite.srv.port}/after`))).text()).to.equal('hello /after');
      expect(client.connections).to.equal(1);
    });

    it('1,000 sequential requests on new (resumed) connections: sockets back to the baseline', async () => {
      const base = socketCount();
      const before = await stats();
      using client = new HttpClient({ keepAlive: false, defaults: { tls: { ca: c.ca } } });
      const n = await run(coroutine(function* () {
        let ok = 0;
        for (let i = 0; i < 1000; i++) if ((yield* wait(client.get(`https://localhost:${suite.srv.port}/${i}`))).text() === `hello /${i}`) ok++;
        return ok;
      })());
      expect(n).to.equal(1000);
      const after = await stats();
      expect([after.connections - before.connections, after.resumed - before.resumed]).to.deep.equal([1000, 999]);
      client.close();
      expect(await settled(socketCount, base)).to.equal(base);
    });
  });
}
