// https: against node:https servers whose certificates the openssl CLI makes at test time, in
// both run modes: awaited inside Node's loop (servers in this process) and under blockOn
// (servers in a child process). Connections and resumptions are counted by the server.
import { expect } from 'chai';
import { Runtime } from '@ferrite/executor';
import { coroutine, joinAll, wait, type Future } from '@ferrite/future';
import { Http, HttpClient, type Response } from '../src/index.js';
import { certs, childHttpsServers, httpsServers, settled, socketCount, type HttpsServers } from './util/https.js';

const MODES = ['await', 'blockOn'] as const;

for (const mode of MODES) {
  describe(`https: (${mode === 'await' ? 'awaited inside Node\'s loop' : 'under blockOn, servers in another process'})`, function () {
    this.timeout(30_000);
    const c = certs();
    let srv: HttpsServers;
    let selfSigned: HttpsServers;
    let rt: Runtime;
    before(async () => {
      const start = mode === 'await' ? httpsServers : childHttpsServers;
      [srv, selfSigned] = await Promise.all([start(c.localhost), start(c.selfSigned)]);
    });
    after(async () => {
      await Promise.all([srv.close(), selfSigned.close()]);
    });
    beforeEach(() => {
      rt = new Runtime();
    });
    afterEach(() => rt.close());

    const run = <T>(f: Future<T>): Promise<T> => (mode === 'await' ? rt.run(f) : Promise.resolve(rt.blockOn(f)));
    const codeOf = async (f: Future<unknown>): Promise<unknown> => {
      try {
        await run(f);
        return 'resolved';
      } catch (err) {
        return (err as { code?: unknown }).code;
      }
    };
    const stats = async () => JSON.parse((await run(Http.get(`http://127.0.0.1:${srv.httpPort}/stats`))).text()) as { connections: number; resumed: number };
    /** Sockets back to `baseline` (in await mode the server's side closes a moment after ours). */
    const back = async (baseline: number) => expect(await settled(socketCount, baseline)).to.equal(baseline);

    it('a chain verified through `ca`: by name and by IP address (the certificate has both)', async () => {
      const base = socketCount();
      using client = new HttpClient({ defaults: { tls: { ca: c.ca } } });
      const [byName, byIp] = await run(joinAll([client.get(`https://localhost:${srv.port}/a`), client.get(`https://127.0.0.1:${srv.port}/b`)]));
      expect([byName.status, byName.text(), byName.url]).to.deep.equal([200, 'hello /a', `https://localhost:${srv.port}/a`]);
      expect(byIp.text()).to.equal('hello /b');
      client.close();
      await back(base);
    });

    it('without `ca`: node:https\'s codes (a self-signed certificate, an unknown issuer), the request named', async () => {
      const base = socketCount();
      expect(await codeOf(Http.get(`https://localhost:${selfSigned.port}/`))).to.equal('DEPTH_ZERO_SELF_SIGNED_CERT');
      expect(await codeOf(Http.get(`https://localhost:${srv.port}/`))).to.equal('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
      try {
        await run(Http.get(`https://localhost:${selfSigned.port}/x`));
        expect.fail('resolved');
      } catch (err) {
        const e = err as { code: string; method: string; url: string };
        expect([e.code, e.method, e.url]).to.deep.equal(['DEPTH_ZERO_SELF_SIGNED_CERT', 'GET', `https://localhost:${selfSigned.port}/x`]);
      }
      await back(base);
    });

    it('rejectUnauthorized: false accepts a self-signed certificate (client default or per request)', async () => {
      const base = socketCount();
      using client = new HttpClient({ defaults: { tls: { rejectUnauthorized: false } } });
      expect((await run(client.get(`https://localhost:${selfSigned.port}/k`))).text()).to.equal('hello /k');
      expect((await run(Http.get(`https://localhost:${selfSigned.port}/k2`, { tls: { rejectUnauthorized: false } }))).text()).to.equal('hello /k2');
      client.close();
      await back(base);
    });

    it('a name the certificate does not cover: ERR_TLS_CERT_ALTNAME_INVALID', async () => {
      const base = socketCount();
      expect(await codeOf(Http.get(`https://localhost:${srv.port}/`, { tls: { ca: c.ca, servername: 'wrong.test' } }))).to.equal('ERR_TLS_CERT_ALTNAME_INVALID');
      await back(base);
    });

    it('keep-alive: N sequential requests over 1 TLS connection, counted on the server', async () => {
      const base = socketCount();
      const before = await stats();
      using client = new HttpClient({ defaults: { tls: { ca: c.ca } } });
      const texts = await run(coroutine(function* () {
        const out: string[] = [];
        for (let i = 0; i < 10; i++) out.push((yield* wait(client.get(`https://localhost:${srv.port}/${i}`))).text());
        return out;
      })());
      expect(texts).to.deep.equal(Array.from({ length: 10 }, (_, i) => `hello /${i}`));
      expect(client.connections).to.equal(1);
      expect((await stats()).connections - before.connections).to.equal(1);
      client.close();
      await back(base);
    });

    it('the pool\'s second connection resumes the first one\'s session', async () => {
      const base = socketCount();
      const before = await stats();
      using client = new HttpClient({ defaults: { tls: { ca: c.ca } } });
      await run(client.get(`https://localhost:${srv.port}/first`)); // full handshake; its session is kept
      // Two at once: one takes the idle connection, the other opens a second, which resumes.
      const both = await run(joinAll([client.get(`https://localhost:${srv.port}/x`), client.get(`https://localhost:${srv.port}/y`)]));
      expect(both.map((r: Response) => r.text())).to.deep.equal(['hello /x', 'hello /y']);
      const after = await stats();
      expect([after.connections - before.connections, after.resumed - before.resumed]).to.deep.equal([2, 1]);
      client.close();
      await back(base);
    });

    it('without keep-alive every request is a new connection, each resuming the last session', async () => {
      const base = socketCount();
      const before = await stats();
      using client = new HttpClient({ keepAlive: false, defaults: { tls: { ca: c.ca } } });
      for (let i = 0; i < 3; i++) expect((await run(client.get(`https://localhost:${srv.port}/n${i}`))).text()).to.equal(`hello /n${i}`);
      const after = await stats();
      expect([after.connections - before.connections, after.resumed - before.resumed]).to.deep.equal([3, 2]);
      client.close();
      await back(base);
    });

    it('a request whose tls options differ from the client\'s never reuses a connection made under them', async () => {
      const base = socketCount();
      const before = await stats();
      using client = new HttpClient({ defaults: { tls: { ca: c.ca } } });
      await run(client.get(`https://localhost:${srv.port}/default`));
      await run(client.get(`https://localhost:${srv.port}/other`, { tls: { minVersion: 'TLSv1.3' } }));
      await run(client.get(`https://localhost:${srv.port}/default-again`));
      expect(client.connections).to.equal(2);
      expect((await stats()).connections - before.connections).to.equal(2);
      // Verification failing under a request's own options says so, whatever the pool holds.
      expect(await codeOf(client.get(`https://localhost:${srv.port}/`, { tls: { ca: c.selfSigned.cert } }))).to.equal('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
      client.close();
      await back(base);
    });

    it('bad tls options are refused by the call that passes them', () => {
      using client = new HttpClient();
      expect(() => client.get('https://localhost/', { tls: { minVersion: 'TLSv1.1' as 'TLSv1.2' } })).to.throw().with.property('code', 'ERR_INVALID_ARG_VALUE');
      expect(() => client.get('https://localhost/', { tls: { rejectUnauthorized: 'no' as unknown as boolean } })).to.throw().with.property('code', 'ERR_INVALID_ARG_TYPE');
      expect(() => new HttpClient({ defaults: { tls: { ca: 42 as unknown as string } } })).to.throw().with.property('code', 'ERR_INVALID_ARG_TYPE');
      expect(() => client.get('https://localhost/', { allowDowngrade: 1 as unknown as boolean })).to.throw().with.property('code', 'ERR_INVALID_ARG_TYPE');
    });
  });
}
