// client.close(): every connection is closed now, on every runtime; requests and streaming
// bodies in flight fail at once with ERR_CLOSED, as does any later request.
import { expect } from 'chai';
import { spawnDelayServer, type ChildDelayServer } from '@ferrite/delayserver';
import { Runtime, defaultRuntime, spawn } from '@ferrite/executor';
import { coroutine, wait } from '@ferrite/future';
import { sleep } from '@ferrite/reactor';
import { HttpClient } from '../src/index.js';
import { codeOf, fdCount, scripted } from './util/scripted.js';

let server: ChildDelayServer;
before(async () => {
  server = await spawnDelayServer();
  defaultRuntime(); // the thread's: it outlives every client, so fd baselines are taken after it
});
after(() => server.close());

async function errorOf(p: PromiseLike<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected a failure');
}

describe('client.close()', () => {
  it('requests in flight (and queued ones) fail at once with ERR_CLOSED; their sockets are closed by close() itself', async () => {
    const before = fdCount();
    const client = new HttpClient({ maxConnections: 2 });
    const urls = [1, 2, 3].map((i) => `${server.url}/5000/slow${i}`);
    const pending = urls.map((u) => errorOf(client.get(u))); // two in flight, one queued
    while (client.connections < 2) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50)); // the requests are sent and waiting for heads
    const t0 = performance.now();
    client.close();
    expect(fdCount()).to.equal(before);
    const errors = await Promise.all(pending);
    expect(performance.now() - t0).to.be.below(1000);
    expect(errors.map((e) => e.code)).to.deep.equal(Array(3).fill('ERR_CLOSED'));
    expect(errors.map((e) => e.url)).to.deep.equal(urls);
    expect(errors[0]!.message).to.match(/^GET .*: the HttpClient was closed \(client\.close\(\)\) while this request was in flight$/);
  });

  it('a later request says the client is closed (not that some runtime is)', async () => {
    const client = new HttpClient();
    await client.get(`${server.url}/0/x`);
    client.close();
    const err = await errorOf(client.get(`${server.url}/0/y`));
    expect([err.code, err.url]).to.deep.equal(['ERR_CLOSED', `${server.url}/0/y`]);
    expect(err.message).to.include('the HttpClient is closed');
    using rt = new Runtime();
    expect(() => rt.blockOn(client.get(`${server.url}/0/z`))).to.throw().with.property('code', 'ERR_CLOSED');
  });

  it('under blockOn: a task closing the client ends another task\'s request at once', () => {
    using rt = new Runtime();
    const client = new HttpClient();
    const t0 = performance.now();
    const outcome = rt.blockOn(coroutine(function* () {
      const request = spawn(coroutine(function* () {
        try {
          yield* wait(client.get(`${server.url}/5000/never`));
          return 'resolved';
        } catch (err) {
          return (err as { code: string }).code;
        }
      })());
      yield* wait(sleep(50));
      client.close();
      return yield* wait(request);
    })());
    expect(outcome).to.equal('ERR_CLOSED');
    expect(performance.now() - t0).to.be.below(1000);
  });

  it('a streaming body being read fails with ERR_CLOSED; one not yet read is closed too', async () => {
    const srv = await scripted((s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nfirst'));
    const client = new HttpClient();
    try {
      const reading = await client.stream(`${srv.url}/a`);
      const idle = await client.stream(`${srv.url}/b`);
      expect(client.connections).to.equal(2);
      const chunks: string[] = [];
      const read = codeOf((async () => {
        for await (const chunk of reading.body) {
          chunks.push(Buffer.from(chunk).toString());
          setImmediate(() => client.close());
        }
      })());
      expect(await read).to.equal('ERR_CLOSED');
      expect(chunks).to.deep.equal(['first']);
      expect(client.connections).to.equal(0);
      // Cut short by close(): reading it fails, now and later, never a truncated success.
      expect(await codeOf(idle.body.next())).to.equal('ERR_CLOSED');
      expect(await codeOf(idle.body.next())).to.equal('ERR_CLOSED');
    } finally {
      await srv.close();
    }
  });

  it('is idempotent, and `using` calls it', async () => {
    let escaped: HttpClient;
    {
      using client = new HttpClient();
      escaped = client;
      await client.get(`${server.url}/0/u`);
      expect(client.connections).to.equal(1);
    }
    expect(escaped.connections).to.equal(0);
    escaped.close();
    expect(await codeOf(escaped.get(`${server.url}/0/v`))).to.equal('ERR_CLOSED');
  });
});
