// A 64 MiB generated body streams with bounded memory: the source is pulled only as fast as the
// socket drains (bytes pulled minus bytes the server has received stay within the socket
// buffers), and the heap does not grow by the body's size. Both run modes.
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient } from '../src/index.js';
import { echoSuite, type Echoed } from './util/echo.js';

const CHUNK = 64 * 1024;
const TOTAL = 64 * 1024 * 1024;

function* generated(onPull: () => void) {
  const chunk = new Uint8Array(CHUNK).fill(1);
  for (let sent = 0; sent < TOTAL; sent += CHUNK) {
    onPull();
    yield chunk;
  }
}

describe('upload memory (await): pulled only as fast as the socket drains', function () {
  this.timeout(60_000);
  let server: Server;
  let received = 0;
  before(async () => {
    server = createServer(async (req, res) => {
      for await (const c of req) received += (c as Buffer).length;
      res.end(String(received));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  after(() => new Promise((r) => server.close(r)));

  it('64 MiB: bytes in flight stay bounded, the heap does not grow by the body', async () => {
    using client = new HttpClient();
    received = 0;
    let pulled = 0;
    let inFlight = 0;
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    let heapMax = heap0;
    const body = generated(() => {
      inFlight = Math.max(inFlight, pulled - received);
      pulled += CHUNK;
      if ((pulled & (4 * 1024 * 1024 - 1)) === 0) heapMax = Math.max(heapMax, process.memoryUsage().heapUsed);
    });
    const res = await client.post(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { body });
    expect(res.text()).to.equal(String(TOTAL));
    expect(inFlight, 'bytes pulled ahead of the server').to.be.below(16 * 1024 * 1024);
    expect(heapMax - heap0, 'heap growth').to.be.below(32 * 1024 * 1024);
  });
});

describe('upload memory (blockOn)', function () {
  this.timeout(60_000);
  const suite = echoSuite('blockOn');

  it('64 MiB under blockOn: intact, and the heap does not grow by the body', () => {
    using client = new HttpClient();
    const heap0 = process.memoryUsage().heapUsed;
    let heapMax = heap0;
    let pulled = 0;
    const body = generated(() => {
      pulled += CHUNK;
      if ((pulled & (4 * 1024 * 1024 - 1)) === 0) heapMax = Math.max(heapMax, process.memoryUsage().heapUsed);
    });
    const e = suite.rt.blockOn(client.post(`${suite.srv.url}/echo`, { body })).json<Echoed>();
    expect(e).to.include({ bytes: TOTAL, te: 'chunked' });
    expect(heapMax - heap0, 'heap growth').to.be.below(32 * 1024 * 1024);
  });
});
