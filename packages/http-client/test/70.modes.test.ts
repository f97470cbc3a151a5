import { expect } from 'chai';
import { spawnDelayServer, type ChildDelayServer } from '@ferrite/delayserver';
import { Runtime } from '@ferrite/executor';
import { coroutine, joinAll, race, wait, type Future } from '@ferrite/future';
import { sleep } from '@ferrite/reactor';
import { Http, HttpClient, type Response, type StreamingResponse } from '../src/index.js';
import { fdCount, scripted } from './util/scripted.js';

let server: ChildDelayServer;
before(async () => {
  server = await spawnDelayServer();
});
after(() => server.close());

describe('both ways to run', () => {
  it('inside a coroutine under blockOn (the server in another process)', () => {
    using rt = new Runtime();
    using client = new HttpClient({ runtime: rt });
    const texts = rt.blockOn(coroutine(function* () {
      const first = yield* wait(client.get(`http://localhost:${server.port}/50/one`));
      const rest = yield* wait(joinAll([100, 50].map((d) => client.get(`${server.url}/${d}/d${d}`))));
      return [first, ...rest].map((r: Response) => r.text());
    })());
    expect(texts).to.deep.equal(['one', 'd100', 'd50']);
  });

  it('Http.get: the book\'s one-shot API, awaited as a Promise; nothing stays open', async () => {
    const res = await Http.get(`${server.url}/20/book`);
    expect([res.status, res.text(), res.headers.get('connection')]).to.deep.equal([200, 'book', 'close']);
  });

  it('five sequential GETs take the sum; joinAll takes the maximum', () => {
    using rt = new Runtime();
    const delays = [0, 40, 80, 120, 160];
    const t0 = performance.now();
    rt.blockOn(coroutine(function* () {
      for (const d of delays) yield* wait(Http.get(`${server.url}/${d}/s${d}`));
    })());
    const sequential = performance.now() - t0;
    const t1 = performance.now();
    rt.blockOn(joinAll(delays.map((d) => Http.get(`${server.url}/${d}/c${d}`))));
    const concurrent = performance.now() - t1;
    expect(sequential).to.be.at.least(400);
    expect(concurrent).to.be.at.least(160).and.below(sequential);
  });

  it('disposing an in-flight request (race loser) closes its connection', () => {
    using rt = new Runtime();
    using client = new HttpClient({ runtime: rt });
    const winner = rt.blockOn(race(client.get(`${server.url}/10/fast`) as Future<Response>, client.get(`${server.url}/5000/slow`)));
    expect(winner.text()).to.equal('fast');
    expect(client.connections).to.equal(1); // the winner's, idle in the pool
  });

  it('streams a large body in chunks with bounded memory, then reuses the connection', async () => {
    const body = Buffer.alloc(400_000, 'x');
    const srv = await scripted((s, req) => {
      if (req.startsWith('GET /big')) {
        s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`);
        for (let at = 0; at < body.length; at += 50_000) s.write(body.subarray(at, at + 50_000));
      } else s.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nafter');
    });
    const client = new HttpClient();
    try {
      const res: StreamingResponse = await client.stream(`${srv.url}/big`);
      let total = 0;
      let chunks = 0;
      let largest = 0;
      for await (const chunk of res.body) {
        total += chunk.length;
        largest = Math.max(largest, chunk.length);
        chunks++;
      }
      expect(total).to.equal(400_000);
      expect(chunks).to.be.greaterThan(1);
      expect(largest).to.be.at.most(128 * 1024);
      expect((await client.get(`${srv.url}/after`)).text()).to.equal('after');
      expect(srv.connections).to.equal(1);
    } finally {
      client.close();
      await srv.close();
    }
  });

  it('after a mix of successes and failures, closing the client leaves no fd behind', async () => {
    const before = fdCount();
    using rt = new Runtime();
    const client = new HttpClient({ runtime: rt });
    await rt.run(joinAll(Array.from({ length: 20 }, (_, i) => client.get(`${server.url}/${i}/m${i}`))));
    await rt.run(sleep(1));
    client.close();
    rt.close();
    expect(fdCount()).to.be.at.most(before);
  });
});
