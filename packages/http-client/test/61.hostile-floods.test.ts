// A server that always has more to send must neither exhaust memory nor hold the thread: a poll
// does a bounded amount of work and then yields, so timers, the total deadline and Node's loop
// keep running; interim responses are counted; the body costs what its bytes cost.
import { expect } from 'chai';
import { Runtime } from '@ferrite/executor';
import { HttpClient } from '../src/index.js';
import { spawnFloodServer, type FloodServer } from './util/flood.js';

const CHUNKED = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n';

/** Runs `fn` while a 10 ms interval counts ticks and samples heapUsed; the ticks and the peak growth. */
async function watched<T>(fn: () => Promise<T>): Promise<{ value: T; ticks: number; heapGrowth: number; ms: number }> {
  globalThis.gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  let ticks = 0;
  const iv = setInterval(() => {
    ticks++;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 10);
  const t0 = performance.now();
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return { value, ticks, heapGrowth: peak - base, ms: performance.now() - t0 };
  } finally {
    clearInterval(iv);
  }
}

async function codeOf(p: PromiseLike<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

describe('hostile floods', () => {
  const servers: FloodServer[] = [];
  const flood = async (head: string, unit: string) => {
    const s = await spawnFloodServer(head, unit);
    servers.push(s);
    return s.url;
  };
  after(() => Promise.all(servers.map((s) => s.close())));

  it('1-byte chunks: the body is buffered without one object per chunk (ERR_HTTP_BODY_TOO_LARGE, heap bounded)', async () => {
    const url = await flood(CHUNKED, '1\r\nz\r\n');
    const client = new HttpClient();
    try {
      const r = await watched(() => codeOf(client.get(`${url}/`, { maxBodySize: 1024 * 1024 })));
      expect(r.value).to.equal('ERR_HTTP_BODY_TOO_LARGE');
      // One object per byte was ~100 MB of heap for this 1 MiB body.
      expect(r.heapGrowth).to.be.below(24 * 1024 * 1024);
      expect(r.ticks).to.be.at.least(1);
    } finally {
      client.close();
    }
  });

  it('100 Continue forever: ERR_HTTP_TOO_MANY_INTERIM_RESPONSES at once', async () => {
    const url = await flood('', 'HTTP/1.1 100 Continue\r\n\r\n');
    const client = new HttpClient();
    try {
      const r = await watched(() => codeOf(client.get(`${url}/`, { headersTimeout: 300 })));
      expect(r.value).to.equal('ERR_HTTP_TOO_MANY_INTERIM_RESPONSES');
      expect(r.ms).to.be.below(1000);
    } finally {
      client.close();
    }
  });

  it('a chunk-extension flood cannot outlast the total timeout, and Node\'s loop keeps running', async () => {
    const url = await flood(CHUNKED, '1;a=b\r\nz\r\n');
    const client = new HttpClient();
    try {
      const r = await watched(() => codeOf(client.get(`${url}/`, { timeout: 300 })));
      expect(r.value).to.equal('ERR_HTTP_TIMEOUT');
      expect(r.ms).to.be.within(290, 1500);
      // A held thread gives 0 ticks; how many more than 1 depends on the machine's load.
      expect(r.ticks).to.be.at.least(1);
    } finally {
      client.close();
    }
  });

  it('under blockOn, a body flood ends with its total timeout', async () => {
    const url = await flood(CHUNKED, '1;a=b\r\nz\r\n');
    using rt = new Runtime();
    using client = new HttpClient({ runtime: rt });
    const t0 = performance.now();
    let code = 'resolved';
    try {
      rt.blockOn(client.get(`${url}/`, { timeout: 300 }));
    } catch (err) {
      code = (err as { code: string }).code;
    }
    expect(code).to.equal('ERR_HTTP_TIMEOUT');
    expect(performance.now() - t0).to.be.within(290, 1500);
  });
});
