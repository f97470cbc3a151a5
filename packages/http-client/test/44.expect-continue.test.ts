// Expect: 100-continue against node:http in both run modes: the body waits for the 100; a final
// response first (413) ends the request with nothing of the body read from its source. A server
// that drops the connection mid-upload fails it with a network error. A body source that fails
// fails the request with ERR_HTTP_REQUEST_BODY. And against a raw server that
// ignores Expect: the body goes after expectTimeout.
import { expect } from 'chai';
import { HttpClient } from '../src/index.js';
import { echoSuite, sha256, type Echoed } from './util/echo.js';
import { uploadServer } from './util/upload-server.js';

/** A one-shot body of `n` chunks that counts how many were pulled, and whether it was returned (stopped). */
function counted(n: number, size = 64 * 1024) {
  const chunk = new Uint8Array(size).fill(7);
  const state = { pulled: 0, returned: false };
  let i = 0;
  const it: IterableIterator<Uint8Array> = {
    next: () => (i++ < n ? (state.pulled++, { done: false, value: chunk }) : { done: true, value: undefined }),
    return: () => {
      state.returned = true;
      return { done: true, value: undefined };
    },
    [Symbol.iterator]: () => it,
  };
  return { body: it, state };
}

for (const mode of ['await', 'blockOn'] as const) {
  describe(`Expect: 100-continue and failing bodies (${mode})`, function () {
    this.timeout(20_000);
    const suite = echoSuite(mode);
    const { run } = suite;
    let client: HttpClient;
    beforeEach(() => (client = new HttpClient({ defaults: { timeout: 10_000 } })));
    afterEach(() => client.close());

    it('asked: the body goes after the server\'s 100', async () => {
      const data = new Uint8Array(300_000).fill(3);
      const e = (await run(client.put(`${suite.srv.url}/echo`, { body: data, expectContinue: true }))).json<Echoed>();
      expect(e).to.include({ expect: '100-continue', bytes: data.length });
      expect(e.sha256).to.equal(sha256(data));
    });

    it('by default over 1 MiB or of unknown size, not below', async () => {
      const small = (await run(client.post(`${suite.srv.url}/echo`, { body: new Uint8Array(1024 * 1024) }))).json<Echoed>();
      expect(small.expect).to.equal(null);
      const large = (await run(client.post(`${suite.srv.url}/echo`, { body: new Uint8Array(1024 * 1024 + 1) }))).json<Echoed>();
      expect(large.expect).to.equal('100-continue');
      const stream = (await run(client.post(`${suite.srv.url}/echo`, { body: counted(3).body }))).json<Echoed>();
      expect(stream).to.include({ expect: '100-continue', te: 'chunked', bytes: 3 * 64 * 1024 });
      const off = (await run(client.post(`${suite.srv.url}/echo`, { body: counted(3).body, expectContinue: false }))).json<Echoed>();
      expect(off.expect).to.equal(null);
    });

    it('a final response instead of the 100 (413): delivered, and not a chunk of the body read', async () => {
      const { body, state } = counted(100);
      const res = await run(client.post(`${suite.srv.url}/reject`, { body }));
      expect([res.status, res.text()]).to.deep.equal([413, 'too big']);
      expect(state).to.deep.equal({ pulled: 0, returned: true });
      expect(client.connections).to.equal(0);
    });

    it('without 100-continue, a 413 answered before the body was read is still delivered', async () => {
      const res = await run(client.post(`${suite.srv.url}/reject`, { body: new Uint8Array(16 * 1024 * 1024), expectContinue: false }));
      expect(res.status).to.equal(413);
      expect(client.connections).to.equal(0);
    });

    it('a server that drops the connection mid-upload: a network error, never a hang, not reused', async () => {
      const outcome = await run(client.put(`${suite.srv.url}/drop`, { body: new Uint8Array(16 * 1024 * 1024), expectContinue: false })).then(() => 'resolved', (e: unknown) => (e as { code: string }).code);
      expect(outcome).to.be.oneOf(['ECONNRESET', 'EPIPE', 'ERR_HTTP_PREMATURE_CLOSE']);
      expect(client.connections).to.equal(0);
    });

    it('a body iterator that throws: ERR_HTTP_REQUEST_BODY with its error as cause; the connection closed', async () => {
      const boom = new Error('source broke');
      function* body() {
        yield 'a';
        throw boom;
      }
      let err: { code?: string; cause?: unknown } = {};
      try {
        await run(client.post(`${suite.srv.url}/echo`, { body: body(), expectContinue: false }));
      } catch (e) {
        err = e as typeof err;
      }
      expect([err.code, err.cause]).to.deep.equal(['ERR_HTTP_REQUEST_BODY', boom]);
      expect(client.connections).to.equal(0);
    });

    it('a chunk that is neither bytes nor a string: ERR_HTTP_REQUEST_BODY; the iterator is returned', async () => {
      let returned = false;
      function* body() {
        try {
          yield 'a';
          yield 42 as unknown as string;
          yield 'never';
        } finally {
          returned = true;
        }
      }
      let code = '';
      try {
        await run(client.post(`${suite.srv.url}/echo`, { body: body(), expectContinue: false }));
      } catch (e) {
        code = (e as { code: string }).code;
      }
      expect([code, returned]).to.deep.equal(['ERR_HTTP_REQUEST_BODY', true]);
    });

    if (mode === 'blockOn') {
      it('a promise-based body under blockOn cannot progress: it ends at headersTimeout, coded, never hangs', async () => {
        async function* body() {
          yield 'needs the microtask queue';
        }
        const outcome = await run(client.post(`${suite.srv.url}/echo`, { body: body(), expectContinue: false, headersTimeout: 100 })).then(() => 'resolved', (e: unknown) => (e as { code: string }).code);
        expect(outcome).to.equal('ERR_HTTP_HEADERS_TIMEOUT');
      });
    }
  });
}

describe('Expect: 100-continue with a server that ignores it', () => {
  it('the body goes after expectTimeout, and the response comes', async () => {
    const srv = await uploadServer(() => {}, (c) => {
      if (c.bodyBytes === 5) c.socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    });
    using client = new HttpClient();
    try {
      const res = await client.post(`${srv.url}/`, { body: 'hello', expectContinue: true, expectTimeout: 50 });
      expect(res.text()).to.equal('ok');
      expect(srv.conns[0]!.head).to.include('Expect: 100-continue\r\n');
    } finally {
      await srv.close();
    }
  });
});
