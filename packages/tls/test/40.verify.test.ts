import { expect } from 'chai';
import { Runtime } from '@ferrite/executor';
import { TlsError } from '../src/index.js';
import { certs, codeOf, httpsServer, nodeCode, tlsGet, type Running } from './util/index.js';

// Each failure gives the code node:https gives for the same server and options: both are asked.
describe('verification (await mode)', () => {
  const c = certs();
  const rt = new Runtime();
  const servers: Running[] = [];
  const serve = async (key: string, cert: string) => {
    const s = await httpsServer({ key, cert });
    servers.push(s);
    return s.port;
  };
  after(async () => {
    for (const s of servers) await s.close();
    rt.close();
  });

  it('a chain to the given ca, for a name: verified, authorized', async () => {
    const port = await serve(c.localhost.key, c.localhost.cert);
    const r = await rt.run(tlsGet(`localhost:${port}`, '/hello', { ca: c.ca }));
    expect(r.text).to.match(/^HTTP\/1.1 200 OK[\s\S]*\r\n\r\nhello$/);
    expect(r.authorized).to.equal(true);
    expect(r.authorizationError).to.equal(null);
  });

  it('the ca also works as a Buffer and as an array', async () => {
    const port = await serve(c.localhost.key, c.localhost.cert);
    for (const ca of [Buffer.from(c.ca), [c.ca, c.other.cert]]) {
      expect((await rt.run(tlsGet(`localhost:${port}`, '/hello', { ca }))).text).to.match(/hello$/);
    }
  });

  it('an IP address is checked against the IP SANs (no SNI sent)', async () => {
    const port = await serve(c.localhost.key, c.localhost.cert);
    expect((await rt.run(tlsGet(`127.0.0.1:${port}`, '/hello', { ca: c.ca }))).text).to.match(/hello$/);
    const ipOnly = await serve(c.ipOnly.key, c.ipOnly.cert);
    const ours = await codeOf(rt.run(tlsGet(`127.0.0.1:${ipOnly}`, '/hello', { ca: c.ca })));
    expect(ours).to.equal('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(ours).to.equal(await nodeCode({ host: '127.0.0.1', port: ipOnly, ca: c.ca }));
  });

  const cases: [string, () => { key: string; cert: string }, (port: number) => object][] = [
    ['self-signed, no ca: DEPTH_ZERO_SELF_SIGNED_CERT', () => c.selfSigned, () => ({})],
    ['a chain ending in an untrusted root it sends: SELF_SIGNED_CERT_IN_CHAIN', () => ({ key: c.localhost.key, cert: c.localhost.cert + c.ca }), () => ({})],
    ['a leaf whose issuer is unknown: UNABLE_TO_VERIFY_LEAF_SIGNATURE', () => c.localhost, () => ({})],
    ['expired: CERT_HAS_EXPIRED', () => c.expired, () => ({ ca: c.ca })],
    ['not yet valid: CERT_NOT_YET_VALID', () => c.notYetValid, () => ({ ca: c.ca })],
    ['another name: ERR_TLS_CERT_ALTNAME_INVALID', () => c.other, () => ({ ca: c.ca })],
  ];
  for (const [name, pair, opts] of cases) {
    it(name, async () => {
      const { key, cert } = pair();
      const port = await serve(key, cert);
      const expected = name.split(': ')[1]!;
      let error: unknown;
      try {
        await rt.run(tlsGet(`localhost:${port}`, '/hello', opts(port)));
      } catch (err) {
        error = err;
      }
      expect(error).to.be.instanceOf(TlsError);
      expect((error as TlsError).code).to.equal(expected);
      expect(await nodeCode({ host: 'localhost', port, ...opts(port) })).to.equal(expected);
      // Asked for, the connection proceeds, and says why it is not authorized.
      const r = await rt.run(tlsGet(`localhost:${port}`, '/hello', { ...opts(port), rejectUnauthorized: false }));
      expect(r.text).to.match(/hello$/);
      expect(r.authorized).to.equal(false);
      expect(r.authorizationError?.code).to.equal(expected);
    });
  }

  it('the hostname error names the host and the altnames, as node:tls does', async () => {
    const port = await serve(c.other.key, c.other.cert);
    let error: { message?: string; host?: string; reason?: string } = {};
    try {
      await rt.run(tlsGet(`localhost:${port}`, '/hello', { ca: c.ca }));
    } catch (err) {
      error = err as typeof error;
    }
    expect(error.host).to.equal('localhost');
    expect(error.message).to.include("Host: localhost. is not in the cert's altnames: DNS:other.test");
  });

  it('the chain is judged before the name, as node:tls does: expired and misnamed says CERT_HAS_EXPIRED', async () => {
    const port = await serve(c.expired.key, c.expired.cert);
    const options = { ca: c.ca, servername: 'other.test' };
    expect(await codeOf(rt.run(tlsGet(`localhost:${port}`, '/hello', options)))).to.equal('CERT_HAS_EXPIRED');
    expect(await nodeCode({ host: 'localhost', port, ...options })).to.equal('CERT_HAS_EXPIRED');
  });

  it('without ca, the bundled roots are used: a private CA is not trusted', async () => {
    const port = await serve(c.localhost.key, c.localhost.cert + c.ca);
    expect(await codeOf(rt.run(tlsGet(`localhost:${port}`, '/hello')))).to.equal('SELF_SIGNED_CERT_IN_CHAIN');
  });
});
