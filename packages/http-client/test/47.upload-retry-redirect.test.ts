// Which requests with bodies are retried on a dead pooled connection (idempotent methods whose
// body can be sent again; never POST), and how redirects treat methods and bodies (as fetch):
// 303 -> GET without a body; 301/302 after POST -> GET; 307/308 keep both, if the body replays.
import { expect } from 'chai';
import { HttpClient } from '../src/index.js';
import { echoSuite, sha256, type Echoed } from './util/echo.js';
import { codeOf, scripted, send } from './util/scripted.js';

/** Answers every request; the second request on connection 0 is dropped (the connection closed on receipt). */
async function dropsSecond() {
  let n = 0;
  return scripted((s, _req, conn) => {
    if (conn === 0 && n++ === 1) s.destroy();
    else send(s, 'HTTP/1.1 200 OK', 'Content-Length: 2', '', 'ok');
  });
}

describe('retries of requests with bodies on a dead pooled connection', () => {
  const cases: [string, (c: HttpClient, url: string) => PromiseLike<unknown>, boolean][] = [
    ['PUT with a string body is retried', (c, u) => c.put(u, { body: 'abc' }), true],
    ['DELETE is retried', (c, u) => c.delete(u), true],
    ['OPTIONS (request()) is retried', (c, u) => c.request({ method: 'OPTIONS', url: u }), true],
    ['POST is never retried, even with a replayable body', (c, u) => c.post(u, { body: 'abc' }), false],
    ['PATCH is never retried', (c, u) => c.patch(u, { body: 'abc' }), false],
    ['PUT with a one-shot (iterable) body is not retried', (c, u) => c.put(u, { body: ['abc'], expectContinue: false }), false],
  ];
  for (const [what, send2, retried] of cases) {
    it(what, async () => {
      const srv = await dropsSecond();
      using client = new HttpClient();
      try {
        await client.get(`${srv.url}/1`);
        const outcome = await codeOf(send2(client, `${srv.url}/2`));
        if (retried) {
          expect(outcome).to.equal('resolved');
          expect(srv.connections).to.equal(2);
        } else {
          expect(outcome).to.be.oneOf(['ERR_HTTP_PREMATURE_CLOSE', 'ECONNRESET', 'EPIPE']);
          expect(srv.connections).to.equal(1);
        }
      } finally {
        await srv.close();
      }
    });
  }
});

for (const mode of ['await', 'blockOn'] as const) {
  describe(`redirects of requests with bodies (${mode})`, function () {
    this.timeout(20_000);
    const suite = echoSuite(mode);
    const { run } = suite;
    let client: HttpClient;
    beforeEach(() => (client = new HttpClient({ defaults: { maxRedirects: 5, expectContinue: false } })));
    afterEach(() => client.close());
    const to = (status: number) => `${suite.srv.url}/redirect?status=${status}&to=/echo`;

    it('303: a GET without the body or its fields', async () => {
      const e = (await run(client.post(to(303), { json: { a: 1 } }))).json<Echoed>();
      expect(e).to.include({ method: 'GET', bytes: 0, ct: null, cl: null });
      const put = (await run(client.put(to(303), { body: 'x' }))).json<Echoed>();
      expect(put).to.include({ method: 'GET', bytes: 0 });
    });

    it('301 and 302 after POST: a GET without the body (as fetch); after PUT the method and body stay', async () => {
      for (const status of [301, 302]) {
        expect((await run(client.post(to(status), { body: 'abc' }))).json<Echoed>(), String(status)).to.include({ method: 'GET', bytes: 0 });
      }
      const put = (await run(client.put(to(301), { body: 'abc' }))).json<Echoed>();
      expect(put).to.include({ method: 'PUT', bytes: 3, cl: '3' });
    });

    it('307 and 308 keep the method and a replayable body, sent again whole', async () => {
      const data = new Uint8Array(200_000).fill(9);
      for (const status of [307, 308]) {
        const e = (await run(client.post(to(status), { body: data }))).json<Echoed>();
        expect(e, String(status)).to.include({ method: 'POST', bytes: data.length });
        expect(e.sha256).to.equal(sha256(data));
      }
    });

    it('307 with a body that could be read only once: ERR_HTTP_BODY_NOT_REPLAYABLE', async () => {
      expect(await codeOf(run(client.post(to(307), { body: ['once'] })))).to.equal('ERR_HTTP_BODY_NOT_REPLAYABLE');
      expect(await codeOf(run(client.post(to(303), { body: ['once'] })))).to.equal('resolved');
    });
  });
}
