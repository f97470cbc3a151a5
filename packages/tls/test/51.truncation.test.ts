import { expect } from 'chai';
import { Runtime } from '@ferrite/executor';
import { coroutine, wait } from '@ferrite/future';
import { TlsError, TlsStream } from '../src/index.js';
import { certs, codeOf, get, httpsServer, settled, socketCount, text, truncatingServer, type Running } from './util/index.js';

describe('truncation: the peer closes without close_notify', () => {
  const c = certs();
  const rt = new Runtime();
  let server: Running;
  before(async () => {
    server = await truncatingServer({ key: c.localhost.key, cert: c.localhost.cert }, 'partial body');
  });
  after(async () => {
    await server.close();
    rt.close();
  });

  const truncatedGet = () =>
    rt.run(coroutine(function* () {
        const s = yield* wait(TlsStream.connect(`localhost:${server.port}`, { ca: c.ca }));
        try {
          yield* wait(s.writeAll(get('/')));
          return yield* wait(s.readToEnd());
        } finally {
          s.close();
        }
    })());

  it('readToEnd throws ERR_TLS_TRUNCATED, never a short success; the socket is closed', async () => {
    const before = socketCount();
    let error: unknown;
    try {
      await truncatedGet();
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(TlsError);
    expect((error as TlsError).code).to.equal('ERR_TLS_TRUNCATED');
    expect(await settled(socketCount, before)).to.equal(before);
  });

  it('the data before the end is delivered; the read after it throws', async () => {
    const got = await rt.run(coroutine(function* () {
      const s = yield* wait(TlsStream.connect(`localhost:${server.port}`, { ca: c.ca }));
      try {
        yield* wait(s.writeAll(get('/')));
        const buf = new Uint8Array(100);
        const n = yield* wait(s.read(buf));
        const code = yield* wait(coroutine(function* () {
          try {
            yield* wait(s.read(buf));
            return 'no error';
          } catch (err) {
            return (err as TlsError).code;
          }
        })());
        return [text(buf.subarray(0, n)), code];
      } finally {
        s.close();
      }
    })());
    expect(got).to.deep.equal(['partial body', 'ERR_TLS_TRUNCATED']);
  });

  it('a clean close (close_notify) is a 0-byte read, not an error', async () => {
    // node:https sends close_notify when it ends a Connection: close response.
    const clean = await httpsServer({ key: c.localhost.key, cert: c.localhost.cert });
    try {
      expect(await codeOf(rt.run(coroutine(function* () {
        const s = yield* wait(TlsStream.connect(`localhost:${clean.port}`, { ca: c.ca }));
        yield* wait(s.writeAll(get('/hello')));
        yield* wait(s.readToEnd());
        const again = yield* wait(s.read(new Uint8Array(10)));
        s.close();
        if (again !== 0) throw new Error(`read after close_notify gave ${again}`);
      })()))).to.equal('resolved');
    } finally {
      await clean.close();
    }
  });
});
