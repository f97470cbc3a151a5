// `timeout`: a total deadline for the whole request (queue, connect, head, body, redirects), on
// the runtime's own timers, so that it works under blockOn, where Node timers and
// AbortSignal.timeout cannot fire. ERR_HTTP_TIMEOUT with the phase it caught the request in.
import { expect } from 'chai';
import { spawnDelayServer, type ChildDelayServer } from '@ferrite/delayserver';
import { net } from '@ferrite/epoll';
import { Runtime } from '@ferrite/executor';
import { coroutine, join, pending, wait, type Future } from '@ferrite/future';
import { HttpClient, type Response } from '../src/index.js';
import { scripted, send } from './util/scripted.js';
import { spawnTrickleServer } from './util/trickle.js';

let delay: ChildDelayServer;
let trickle: Awaited<ReturnType<typeof spawnTrickleServer>>;
before(async () => {
  [delay, trickle] = await Promise.all([spawnDelayServer(), spawnTrickleServer()]);
});
after(() => Promise.all([delay.close(), trickle.close()]));

/** The outcome of `get` under blockOn: [code, phase, ms taken]. */
function underBlockOn(client: HttpClient, url: string, opts: object): [string, string | undefined, number] {
  using rt = new Runtime();
  const t0 = performance.now();
  try {
    rt.blockOn(client.get(url, opts));
    return ['resolved', undefined, performance.now() - t0];
  } catch (err) {
    const e = err as { code: string; phase?: string };
    return [e.code, e.phase, performance.now() - t0];
  }
}

describe('timeout: a total deadline for the whole request', () => {
  describe('under blockOn (no Node timer could fire)', () => {
    it('a server that never answers: ERR_HTTP_TIMEOUT in the headers phase, long before headersTimeout', () => {
      using client = new HttpClient();
      const [code, phase, ms] = underBlockOn(client, `${delay.url}/5000/late`, { timeout: 150 });
      expect([code, phase]).to.deep.equal(['ERR_HTTP_TIMEOUT', 'headers']);
      expect(ms).to.be.at.least(150).and.below(2000);
      expect(client.connections).to.equal(0); // its connection was closed
    });

    it('a body slow but never idle (bodyTimeout never fires): ERR_HTTP_TIMEOUT in the body phase', () => {
      using client = new HttpClient();
      const [code, phase, ms] = underBlockOn(client, `${trickle.url}/`, { timeout: 200, bodyTimeout: 100 });
      expect([code, phase]).to.deep.equal(['ERR_HTTP_TIMEOUT', 'body']);
      expect(ms).to.be.at.least(200).and.below(2000);
    });

    it('the error names the request and its deadline', () => {
      using rt = new Runtime();
      using client = new HttpClient();
      const url = `${delay.url}/5000/named`;
      let err: Record<string, unknown> = {};
      try {
        rt.blockOn(client.get(url, { timeout: 50 }));
      } catch (e) {
        err = e as Record<string, unknown>;
      }
      expect([err.code, err.method, err.url, err.phase, err.timeout]).to.deep.equal(['ERR_HTTP_TIMEOUT', 'GET', url, 'headers', 50]);
      expect(err.message).to.equal(`GET ${url}: the request did not complete within its timeout of 50 ms (it was in the headers phase)`);
    });

    it('a request that completes in time leaves no timer behind: the runtime then has nothing to wait for', () => {
      using rt = new Runtime();
      using client = new HttpClient();
      const res: Response = rt.blockOn(client.get(`${delay.url}/0/quick`, { timeout: 60_000 }));
      expect(res.text()).to.equal('quick');
      expect(() => rt.blockOn(pending())).to.throw().with.property('code', 'ERR_DEADLOCK');
    });

    it('a request waiting for a free connection: the queue phase', () => {
      using rt = new Runtime();
      using client = new HttpClient({ maxConnections: 1 });
      const [first, second] = rt.blockOn(join(
        client.get(`${delay.url}/400/first`),
        settle(client.get(`${delay.url}/0/second`, { timeout: 100 })),
      ));
      expect([first.text(), second]).to.deep.equal(['first', 'ERR_HTTP_TIMEOUT queue']);
    });
  });

  describe('inside Node\'s loop', () => {
    it('awaited: a redirect chain that takes too long, each hop quick enough', async () => {
      let hops = 0;
      const srv = await scripted((s) => setTimeout(() => send(s, 'HTTP/1.1 302 Found', `Location: /hop${++hops}`, 'Content-Length: 0', '', ''), 60));
      using client = new HttpClient();
      try {
        const t0 = performance.now();
        let err: Record<string, unknown> = {};
        try {
          await client.get(`${srv.url}/start`, { maxRedirects: 50, timeout: 250, headersTimeout: 1000 });
        } catch (e) {
          err = e as Record<string, unknown>;
        }
        expect(err.code).to.equal('ERR_HTTP_TIMEOUT');
        expect(performance.now() - t0).to.be.at.least(250).and.below(2000);
        expect((err.redirects as string[]).length).to.be.at.least(2);
        expect(err.redirects).to.deep.include(`${srv.url}/start`);
      } finally {
        await srv.close();
      }
    });

    it('with run(): a connect that never completes, the connect phase', async () => {
      const listener = net.TcpListener.bind('127.0.0.1:0', { backlog: 1 });
      const port = listener.localAddr().port;
      const fillers = Array.from({ length: 4 }, () => net.TcpStream.connect(`127.0.0.1:${port}`));
      using rt = new Runtime();
      using client = new HttpClient({ runtime: rt });
      try {
        let err: Record<string, unknown> = {};
        await rt.run(client.get(`http://127.0.0.1:${port}/`, { timeout: 100, connectTimeout: 0 })).catch((e) => (err = e));
        expect([err.code, err.phase]).to.deep.equal(['ERR_HTTP_TIMEOUT', 'connect']);
        expect(client.connections).to.equal(0);
      } finally {
        fillers.forEach((f) => f.close());
        listener.close();
      }
    });

    it('a streamed body: the deadline keeps running while you read', async () => {
      using client = new HttpClient();
      const t0 = performance.now();
      const res = await client.stream(`${trickle.url}/`, { timeout: 200 });
      let bytes = 0;
      let err: Record<string, unknown> = {};
      try {
        for await (const chunk of res.body) bytes += chunk.length;
      } catch (e) {
        err = e as Record<string, unknown>;
      }
      expect([err.code, err.phase, err.url]).to.deep.equal(['ERR_HTTP_TIMEOUT', 'body', `${trickle.url}/`]);
      expect(bytes).to.be.above(0);
      expect(performance.now() - t0).to.be.at.least(200).and.below(2000);
      expect(client.connections).to.equal(0);
    });

    it('0 and Infinity mean no total limit', async () => {
      using client = new HttpClient();
      for (const timeout of [0, Infinity]) expect((await client.get(`${delay.url}/100/slowish`, { timeout })).text()).to.equal('slowish');
    });
  });
});

/** A request's outcome as "code phase" (or 'resolved') instead of a throw. */
function settle(f: Future<Response>) {
  return coroutine(function* () {
    try {
      yield* wait(f);
      return 'resolved';
    } catch (err) {
      const e = err as { code: string; phase?: string };
      return `${e.code} ${e.phase}`;
    }
  })();
}
