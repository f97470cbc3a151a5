// An upload's end in every way but success: a stream body shorter or longer than the caller's
// Content-Length, a known size that contradicts it (nothing sent), an abort, client.close(), the
// total timeout, a server that stops reading. Each fails with its code, stops the body's source
// (its `finally` runs), and gives back every fd.
import { expect } from 'chai';
import { createReadStream } from 'node:fs';
import { defaultRuntime } from '@ferrite/executor';
import { HttpClient } from '../src/index.js';
import { codeOf, fdCount } from './util/scripted.js';
import { uploadServer, until, type UploadServer } from './util/upload-server.js';

/** An endless async body of 64 KiB chunks: how many were pulled, and whether its finally ran. */
function endless() {
  const state = { pulled: 0, finished: false };
  const chunk = new Uint8Array(64 * 1024);
  async function* gen() {
    try {
      for (;;) {
        state.pulled++;
        yield chunk;
      }
    } finally {
      state.finished = true;
    }
  }
  return { body: gen(), state };
}

describe('uploads that end early', function () {
  this.timeout(20_000);
  let client: HttpClient;
  let srv: UploadServer;
  let before: number;
  beforeEach(async () => {
    defaultRuntime();
    client = new HttpClient({ defaults: { expectContinue: false } });
    // Never reads: the upload stalls once the socket buffers are full.
    srv = await uploadServer((c) => c.socket.pause());
    before = fdCount();
  });
  afterEach(async () => {
    client.close();
    await srv.close();
    // An in-process server closes its side a moment later.
    await until(() => fdCount() <= before);
  });

  it('a stream body shorter than its Content-Length: ERR_HTTP_CONTENT_LENGTH_MISMATCH, the connection closed', async () => {
    const ok = await uploadServer(() => {});
    try {
      const p = client.post(`${ok.url}/`, { body: ['12345'], headers: { 'content-length': '10' } });
      expect(await codeOf(p)).to.equal('ERR_HTTP_CONTENT_LENGTH_MISMATCH');
      expect(client.connections).to.equal(0);
      await until(() => ok.conns.length === 1 && (ok.conns[0]!.socket.readableEnded || ok.conns[0]!.socket.destroyed));
      expect(ok.conns[0]!.bodyBytes).to.equal(5);
    } finally {
      await ok.close();
    }
  });

  it('a stream body longer than its Content-Length: the same, and not a byte beyond the length is sent', async () => {
    const ok = await uploadServer(() => {});
    try {
      const p = client.post(`${ok.url}/`, { body: ['1234', '5678'], headers: { 'content-length': '6' } });
      expect(await codeOf(p)).to.equal('ERR_HTTP_CONTENT_LENGTH_MISMATCH');
      await until(() => ok.conns.length === 1 && (ok.conns[0]!.socket.readableEnded || ok.conns[0]!.socket.destroyed));
      expect(ok.conns[0]!.bodyBytes).to.equal(4);
    } finally {
      await ok.close();
    }
  });

  it('a known size contradicting Content-Length: refused before connecting', async () => {
    expect(await codeOf(client.put(`${srv.url}/`, { body: 'abc', headers: { 'Content-Length': '2' } }))).to.equal('ERR_HTTP_CONTENT_LENGTH_MISMATCH');
    expect(srv.conns.length).to.equal(0);
  });

  it('an abort mid-upload: ABORT_ERR, the source\'s finally runs, the fd is released', async () => {
    const { body, state } = endless();
    const ac = new AbortController();
    const p = client.post(`${srv.url}/`, { body, signal: ac.signal });
    const outcome = codeOf(p);
    await until(() => state.pulled > 20 && srv.conns.length === 1);
    ac.abort();
    expect(await outcome).to.equal('ABORT_ERR');
    await until(() => state.finished);
    expect(client.connections).to.equal(0);
  });

  it('client.close() mid-upload: ERR_CLOSED, the source stopped', async () => {
    const { body, state } = endless();
    const outcome = codeOf(client.post(`${srv.url}/`, { body }));
    await until(() => state.pulled > 20);
    client.close();
    expect(await outcome).to.equal('ERR_CLOSED');
    await until(() => state.finished);
  });

  it('the total timeout mid-upload: ERR_HTTP_TIMEOUT in the headers phase, the source stopped', async () => {
    const { body, state } = endless();
    const err = await client.post(`${srv.url}/`, { body, timeout: 150 }).then(() => null, (e: unknown) => e as { code: string; phase: string });
    expect([err?.code, err?.phase]).to.deep.equal(['ERR_HTTP_TIMEOUT', 'headers']);
    await until(() => state.finished);
  });

  it('a server that stops reading: ERR_HTTP_HEADERS_TIMEOUT once no byte has gone out for headersTimeout', async () => {
    const { body, state } = endless();
    expect(await codeOf(client.post(`${srv.url}/`, { body, headersTimeout: 150 }))).to.equal('ERR_HTTP_HEADERS_TIMEOUT');
    expect(state.pulled).to.be.above(1);
    await until(() => state.finished);
  });

  it('a file stream body of a request that never connects is closed all the same (the request owned it)', async () => {
    const file = createReadStream(new URL(import.meta.url));
    await new Promise((r) => file.once('open', r));
    expect(await codeOf(client.post('http://127.0.0.1:1/', { body: file }))).to.equal('ECONNREFUSED');
    await until(() => file.destroyed && file.closed);
  });

  it('memory stays bounded: a stalled upload pulls only what the socket buffers hold', async () => {
    const { body, state } = endless();
    const outcome = codeOf(client.post(`${srv.url}/`, { body, timeout: 10_000 }));
    // Wait until the upload has stalled: the pull count stops moving.
    let last = -1;
    while (state.pulled !== last) {
      last = state.pulled;
      await new Promise((r) => setTimeout(r, 100));
    }
    // Loopback socket buffers hold a few MiB at most; one chunk more is in flight.
    expect(state.pulled * 64 * 1024).to.be.below(32 * 1024 * 1024);
    client.close();
    expect(await outcome).to.equal('ERR_CLOSED');
  });
});
