// Two reads of a streamed body may wait at once (two `body.next()` futures): however the body
// ends, each of them settles, none waits on a connection that is gone.
import type { Socket } from 'node:net';
import { expect } from 'chai';
import { HttpClient, type StreamingResponse } from '../src/index.js';
import { scripted } from './util/scripted.js';

const outcome = (p: PromiseLike<Uint8Array | null>) =>
  Promise.resolve(p).then((c) => (c === null ? 'end' : Buffer.from(c).toString('latin1')), (e: { code?: string }) => e.code ?? String(e));

/** A chunked response whose head is sent at once; the rest is the test's to send. */
async function openBody(fn: (res: StreamingResponse, socket: Socket, client: HttpClient, abort: AbortController) => Promise<void>) {
  let socket: Socket | null = null;
  const srv = await scripted((s) => {
    socket = s;
    s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
  });
  const client = new HttpClient();
  const abort = new AbortController();
  try {
    const res = await client.stream(`${srv.url}/`, { signal: abort.signal });
    await fn(res, socket!, client, abort);
  } finally {
    client.close();
    await srv.close();
  }
}

/** Both reads are waiting (each has been polled and found nothing) when `then` runs. */
async function twoWaiting(res: StreamingResponse, then: () => void): Promise<string[]> {
  const reads = [outcome(res.body.next()), outcome(res.body.next())];
  await new Promise((r) => setTimeout(r, 20));
  then();
  return Promise.all(reads);
}

describe('two reads of a streamed body waiting at once', () => {
  it('client.close(): both fail with ERR_CLOSED', async () => {
    await openBody(async (res, _s, client) => {
      expect(await twoWaiting(res, () => client.close())).to.deep.equal(['ERR_CLOSED', 'ERR_CLOSED']);
    });
  });

  it('the signal aborts: both fail with ABORT_ERR', async () => {
    await openBody(async (res, _s, _c, abort) => {
      expect(await twoWaiting(res, () => abort.abort())).to.deep.equal(['ABORT_ERR', 'ABORT_ERR']);
    });
  });

  it('cancel(): both see the end', async () => {
    await openBody(async (res) => {
      expect(await twoWaiting(res, () => res.cancel())).to.deep.equal(['end', 'end']);
    });
  });

  it('the last chunk and the end arrive together: one read gets the chunk, the other the end; the connection is pooled', async () => {
    await openBody(async (res, socket, client) => {
      const got = await twoWaiting(res, () => socket.write('3\r\nabc\r\n0\r\n\r\n'));
      expect([...got].sort()).to.deep.equal(['abc', 'end']);
      expect(client.connections).to.equal(1);
    });
  });
});
