import { expect } from 'chai';
import { Runtime } from '@ferrite/executor';
import { coroutine, wait } from '@ferrite/future';
import { TlsStream } from '../src/index.js';
import { childServer, type ChildServer } from './util/child.js';
import { certs, expectBigBody, get, tlsGet } from './util/index.js';

// The same client code with the runtime owning the thread: servers live in another process.
describe('blockOn mode (server in a child process)', function () {
  this.timeout(60_000);
  const c = certs();
  const rt = new Runtime();
  let https: ChildServer;
  let truncating: ChildServer;
  before(async () => {
    https = await childServer({ kind: 'https', ...c.localhost });
    truncating = await childServer({ kind: 'truncating', ...c.localhost });
  });
  after(async () => {
    await https?.stop();
    await truncating?.stop();
    rt.close();
  });

  const codeOf = (f: () => unknown) => {
    try {
      f();
      return 'resolved';
    } catch (err) {
      return (err as { code?: string }).code;
    }
  };

  it('a verified GET, then a resumed one', () => {
    const first = rt.blockOn(tlsGet(`localhost:${https.port}`, '/hello', { ca: c.ca }));
    expect(first.text).to.match(/hello$/);
    expect(first.authorized).to.equal(true);
    const second = rt.blockOn(tlsGet(`localhost:${https.port}`, '/hello', { ca: c.ca, session: first.session }));
    expect(second.reused).to.equal(true);
  });

  it('verification failures: the same codes', () => {
    expect(codeOf(() => rt.blockOn(tlsGet(`localhost:${https.port}`, '/hello')))).to.equal('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(codeOf(() => rt.blockOn(tlsGet(`localhost:${https.port}`, '/hello', { ca: c.ca, servername: 'other.test' }))))
      .to.equal('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('truncation: ERR_TLS_TRUNCATED', () => {
    expect(codeOf(() => rt.blockOn(tlsGet(`localhost:${truncating.port}`, '/', { ca: c.ca })))).to.equal('ERR_TLS_TRUNCATED');
  });

  it('a server asking to renegotiate: refused, its handshake_failure alert', async () => {
    const renegotiating = await childServer({ kind: 'renegotiating', ...c.localhost });
    try {
      expect(codeOf(() => rt.blockOn(tlsGet(`localhost:${renegotiating.port}`, '/', { ca: c.ca })))).to.equal('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE');
    } finally {
      await renegotiating.stop();
    }
  });

  it('a close_notify alert instead of a ServerHello: ECONNRESET, with or without verification', async () => {
    const closing = await childServer({ kind: 'close-notify', ...c.localhost });
    try {
      for (const rejectUnauthorized of [true, false]) {
        expect(codeOf(() => rt.blockOn(TlsStream.connect(`127.0.0.1:${closing.port}`, { ca: c.ca, rejectUnauthorized })))).to.equal('ECONNRESET');
      }
    } finally {
      await closing.stop();
    }
  });

  it('a 10 MiB body arrives intact', () => {
    const body = rt.blockOn(coroutine(function* () {
      const s = yield* wait(TlsStream.connect(`localhost:${https.port}`, { ca: c.ca }));
      try {
        yield* wait(s.writeAll(get('/big')));
        return yield* wait(s.readToEnd());
      } finally {
        s.close();
      }
    })());
    expectBigBody(body);
  });
});
