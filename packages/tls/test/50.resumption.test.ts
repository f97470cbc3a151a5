import { expect } from 'chai';
import { codeOf, httpsServer, httpsSuite, tlsGet } from './util/index.js';

describe('session resumption', () => {
  const suite = httpsSuite();
  const { c, rt } = suite;

  for (const maxVersion of ['TLSv1.3', 'TLSv1.2'] as const) {
    it(`${maxVersion}: the second connection resumes the first one's session`, async () => {
      const addr = `localhost:${suite.server.port}`;
      const first = await rt.run(tlsGet(addr, '/hello', { ca: c.ca, maxVersion }));
      expect(first.reused).to.equal(false);
      expect(first.session).to.be.instanceOf(Uint8Array);
      const second = await rt.run(tlsGet(addr, '/hello', { ca: c.ca, maxVersion, session: first.session }));
      expect(second.reused).to.equal(true);
      expect(second.text).to.match(/hello$/);
      // A resumed connection still knows its peer and its verification outcome.
      expect(second.authorized).to.equal(true);
      expect(second.peer?.subject.CN).to.equal('localhost');
      // Without the session: a full handshake again.
      expect((await rt.run(tlsGet(addr, '/hello', { ca: c.ca, maxVersion }))).reused).to.equal(false);
    });
  }

  it('a session is not resumed with another servername', async () => {
    const first = await rt.run(tlsGet(`localhost:${suite.server.port}`, '/hello', { ca: c.ca }));
    const other = await rt.run(tlsGet(`127.0.0.1:${suite.server.port}`, '/hello', { ca: c.ca, session: first.session }));
    expect(other.reused).to.equal(false);
  });

  it('a session made with an IP address is not offered to another address (no SNI is not "any name")', async () => {
    // The server listens on every loopback address; the certificate names 127.0.0.1 only, so the
    // second connection must not be able to skip its (failing) verification by resuming.
    const wide = await httpsServer({ key: c.localhost.key, cert: c.localhost.cert }, {}, '0.0.0.0');
    try {
      const first = await rt.run(tlsGet(`127.0.0.1:${wide.port}`, '/hello', { ca: c.ca }));
      const same = await rt.run(tlsGet(`127.0.0.1:${wide.port}`, '/hello', { ca: c.ca, session: first.session }));
      expect(same.reused).to.equal(true);
      const other = await rt.run(tlsGet(`127.0.0.2:${wide.port}`, '/hello', { ca: c.ca, session: first.session, rejectUnauthorized: false }));
      expect(other.reused).to.equal(false);
      expect(other.authorizationError?.code).to.equal('ERR_TLS_CERT_ALTNAME_INVALID');
    } finally {
      await wide.close();
    }
  });

  it('a session is not resumed under another ca: the new trust store judges the server afresh', async () => {
    const addr = `localhost:${suite.server.port}`;
    const first = await rt.run(tlsGet(addr, '/hello', { ca: c.ca }));
    // Another trust store (one that does not hold the server's CA): a resumption would keep the
    // first connection's verdict and skip the check.
    const other = await rt.run(tlsGet(addr, '/hello', { ca: c.selfSigned.cert, session: first.session, rejectUnauthorized: false }));
    expect(other.reused).to.equal(false);
    expect(other.authorizationError?.code).to.equal('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    // The same ca (a new cache entry or not) still resumes.
    expect((await rt.run(tlsGet(addr, '/hello', { ca: c.ca, session: first.session }))).reused).to.equal(true);
  });

  it('bytes that are not a session: ERR_TLS_INVALID_SESSION', async () => {
    expect(await codeOf(rt.run(tlsGet(`localhost:${suite.server.port}`, '/hello', { ca: c.ca, session: new Uint8Array([1, 2, 3]) }))))
      .to.equal('ERR_TLS_INVALID_SESSION');
  });
});
