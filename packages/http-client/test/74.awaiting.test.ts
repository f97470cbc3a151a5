// Awaiting: a request awaited from Node runs on the thread's default runtime (or the client's
// `runtime`); a client owns no runtime; a streaming body is an AsyncIterable<Uint8Array>, and
// `await res.body.next()` is a chunk, never a future.
import { expect } from 'chai';
import { spawnDelayServer, type ChildDelayServer } from '@ferrite/delayserver';
import { Runtime, defaultRuntime } from '@ferrite/executor';
import { coroutine, wait } from '@ferrite/future';
import { HttpClient, type StreamingResponse } from '../src/index.js';
import { codeOf, fdCount, scripted } from './util/scripted.js';

let server: ChildDelayServer;
before(async () => {
  server = await spawnDelayServer();
});
after(() => server.close());

const ok = (s: import('node:net').Socket) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');

describe('awaiting a request from Node', () => {
  it('runs on the default runtime: its connection is pooled there, and goes when that runtime is closed', async () => {
    const srv = await scripted(ok);
    using client = new HttpClient();
    try {
      expect((await client.get(`${srv.url}/a`)).text()).to.equal('ok');
      const text = await defaultRuntime().run(coroutine(function* () {
        return (yield* wait(client.get(`${srv.url}/b`))).text();
      })());
      expect(text).to.equal('ok');
      expect([srv.connections, client.connections]).to.deep.equal([1, 1]);
      defaultRuntime().close(); // the thread makes a new one when next needed
      expect(client.connections).to.equal(0);
      expect((await client.get(`${srv.url}/c`)).text()).to.equal('ok');
      expect([srv.connections, client.connections]).to.deep.equal([2, 1]);
    } finally {
      await srv.close();
    }
  });

  it('with `runtime`, runs there: an await and a blockOn on that runtime share one connection', async () => {
    using rt = new Runtime();
    using client = new HttpClient({ runtime: rt });
    expect((await client.get(`${server.url}/0/a`)).text()).to.equal('a');
    const b = rt.blockOn(coroutine(function* () {
      return (yield* wait(client.get(`${server.url}/0/b`))).text();
    })());
    expect(b).to.equal('b');
    expect(client.connections).to.equal(1);
  });

  it('a client owns no runtime: awaiting a request costs it one socket, and close() gives that back', async () => {
    defaultRuntime(); // the thread's, made once
    const before = fdCount();
    for (let i = 0; i < 3; i++) {
      const client = new HttpClient();
      await client.get(`${server.url}/0/x`);
      expect(fdCount() - before).to.equal(1); // the pooled connection; no epoll, eventfd or timerfd of its own
      client.close();
      expect(fdCount()).to.equal(before);
    }
  });
});

describe('a streaming body', () => {
  const big = Buffer.alloc(300_000, 'y');
  const bigServer = () => scripted((s) => {
    s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${big.length}\r\n\r\n`);
    for (let at = 0; at < big.length; at += 30_000) s.write(big.subarray(at, at + 30_000));
  });

  it('is an AsyncIterable<Uint8Array>: for await reads it all, then the connection is reused', async () => {
    const srv = await bigServer();
    using client = new HttpClient();
    try {
      const res = await client.stream(`${srv.url}/`);
      let total = 0;
      for await (const chunk of res.body) {
        expect(chunk).to.be.instanceOf(Uint8Array);
        total += chunk.length;
      }
      expect(total).to.equal(big.length);
      expect(client.connections).to.equal(1); // back in the pool
    } finally {
      await srv.close();
    }
  });

  it('`await res.body.next()` is a chunk (null at the end), not a future', async () => {
    const srv = await bigServer();
    using client = new HttpClient();
    try {
      const res = await client.stream(`${srv.url}/`);
      let total = 0;
      for (;;) {
        const chunk: Uint8Array | null = await res.body.next();
        if (chunk === null) break;
        expect(chunk).to.be.instanceOf(Uint8Array);
        total += chunk.length;
      }
      expect(total).to.equal(big.length);
      expect(await res.body.next()).to.equal(null);
    } finally {
      await srv.close();
    }
  });

  it('leaving a for await early closes the connection', async () => {
    const srv = await bigServer();
    using client = new HttpClient();
    try {
      const res = await client.stream(`${srv.url}/`);
      for await (const chunk of res.body) {
        expect(chunk.length).to.be.above(0);
        break;
      }
      expect(client.connections).to.equal(0);
    } finally {
      await srv.close();
    }
  });

  it('received under blockOn, read with for await from Node: it is read on the runtime that received it', async () => {
    using rt = new Runtime();
    using client = new HttpClient();
    const res: StreamingResponse = rt.blockOn(client.stream(`${server.url}/0/streamed`));
    const parts: string[] = [];
    for await (const chunk of res.body) parts.push(Buffer.from(chunk).toString());
    expect(parts.join('')).to.equal('streamed');
  });

  it('polled by a task of another runtime: ERR_FOREIGN_REACTOR at once, never a stall; it stays readable where it belongs', () => {
    using rt1 = new Runtime();
    using rt2 = new Runtime();
    using client = new HttpClient();
    const res = rt1.blockOn(client.stream(`${server.url}/0/elsewhere`));
    const t0 = performance.now();
    expect(() => rt2.blockOn(res.body.next())).to.throw().with.property('code', 'ERR_FOREIGN_REACTOR');
    expect(performance.now() - t0).to.be.below(500);
    const chunk = rt1.blockOn(res.body.next());
    expect(Buffer.from(chunk!).toString()).to.equal('elsewhere');
    expect(rt1.blockOn(res.body.next())).to.equal(null);
    expect(client.connections).to.equal(1); // read to the end: back in rt1's pool
  });

  it('cut short by an error, every later read fails the same way (never a clean end)', async () => {
    const srv = await scripted((s) => {
      s.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc');
      setTimeout(() => s.destroy(), 20);
    });
    using client = new HttpClient();
    try {
      const res = await client.stream(`${srv.url}/`);
      expect(Buffer.from((await res.body.next())!).toString()).to.equal('abc');
      expect(await codeOf(res.body.next())).to.equal('ERR_HTTP_CONTENT_LENGTH_MISMATCH');
      expect(await codeOf(res.body.next())).to.equal('ERR_HTTP_CONTENT_LENGTH_MISMATCH');
      res.cancel(); // changes nothing: the body was not complete
      expect(await codeOf(res.body.next())).to.equal('ERR_HTTP_CONTENT_LENGTH_MISMATCH');
      expect(client.connections).to.equal(0);
    } finally {
      await srv.close();
    }
  });
});
