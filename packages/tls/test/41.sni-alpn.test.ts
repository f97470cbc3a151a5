import { expect } from 'chai';
import { Runtime } from '@ferrite/executor';
import { coroutine, wait } from '@ferrite/future';
import { createServer as createTlsServer } from 'node:tls';
import { TlsStream } from '../src/index.js';
import { certs, codeOf, httpsServer, tlsGet, type Running } from './util/index.js';

describe('SNI, ALPN and protocol versions', () => {
  const c = certs();
  const rt = new Runtime();
  let server: Running;
  before(async () => {
    server = await httpsServer({ key: c.localhost.key, cert: c.localhost.cert }, { 'other.test': c.other });
  });
  after(async () => {
    await server.close();
    rt.close();
  });

  it('the servername selects the certificate and is the identity checked', async () => {
    const r = await rt.run(tlsGet(`127.0.0.1:${server.port}`, '/sni', { ca: c.ca, servername: 'other.test' }));
    expect(r.text).to.match(/\r\n\r\nother\.test$/);
    expect(r.peer?.subject.CN).to.equal('other');
    const plain = await rt.run(tlsGet(`localhost:${server.port}`, '/sni', { ca: c.ca }));
    expect(plain.text).to.match(/\r\n\r\nlocalhost$/);
    expect(plain.peer?.subjectaltname).to.equal('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
  });

  it('a trailing dot and Unicode labels: SNI without the dot, in IDNA A-labels; the identity alike', async () => {
    const dotted = await rt.run(tlsGet(`127.0.0.1:${server.port}`, '/sni', { ca: c.ca, servername: 'other.test.' }));
    expect(dotted.text).to.match(/\r\n\r\nother\.test$/);
    expect(dotted.authorized).to.equal(true);
    const idn = await rt.run(tlsGet(`127.0.0.1:${server.port}`, '/sni', { ca: c.ca, servername: 'bücher.test', rejectUnauthorized: false }));
    expect(idn.text).to.match(/\r\n\r\nxn--bcher-kva\.test$/);
    expect(idn.authorizationError?.code).to.equal('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('ALPN names are UTF-8, as node:tls sends them', async () => {
    const srv = createTlsServer({ key: c.localhost.key, cert: c.localhost.cert, ALPNProtocols: ['hé', 'http/1.1'] }, (s) => s.end());
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    try {
      const alpn = await rt.run(coroutine(function* () {
        const s = yield* wait(TlsStream.connect(`localhost:${(srv.address() as { port: number }).port}`, { ca: c.ca, ALPNProtocols: ['hé'] }));
        const chosen = s.alpnProtocol;
        s.close();
        return chosen;
      })());
      expect(alpn).to.equal('hé');
    } finally {
      srv.close();
    }
  });

  it('an IP address sends no SNI (the server sees none)', async () => {
    const r = await rt.run(tlsGet(`127.0.0.1:${server.port}`, '/sni', { ca: c.ca }));
    expect(r.text).to.match(/\r\n\r\nfalse$/);
    // An IPv6 servername, bracketed or not: no SNI either, and the identity checked is the IP SAN.
    for (const servername of ['[::1]', '::1']) {
      const v6 = await rt.run(tlsGet(`127.0.0.1:${server.port}`, '/sni', { ca: c.ca, servername }));
      expect(v6.text).to.match(/\r\n\r\nfalse$/);
      expect(v6.authorized).to.equal(true);
    }
  });

  it('ALPN against node:tls: the server picks from our list; no protocol in common is its alert, coded', async () => {
    const srv = createTlsServer({ key: c.localhost.key, cert: c.localhost.cert, ALPNProtocols: ['h2', 'http/1.1'] }, (s) => s.end());
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const chosen = coroutine(function* (ALPNProtocols: string[]) {
      const s = yield* wait(TlsStream.connect(`localhost:${(srv.address() as { port: number }).port}`, { ca: c.ca, ALPNProtocols }));
      const alpn = s.alpnProtocol;
      s.close();
      return alpn;
    });
    try {
      expect(await rt.run(chosen(['http/1.1', 'h2']))).to.equal('h2'); // the server's preference
      expect(await rt.run(chosen(['http/1.1']))).to.equal('http/1.1');
      expect(await codeOf(rt.run(chosen(['spdy/3'])))).to.equal('ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL');
    } finally {
      srv.close();
    }
  });

  it('a TLS 1.3-only server and maxVersion TLSv1.2: the server\'s protocol_version alert', async () => {
    const only13 = await httpsServer({ key: c.localhost.key, cert: c.localhost.cert, minVersion: 'TLSv1.3' });
    try {
      expect(await codeOf(rt.run(tlsGet(`localhost:${only13.port}`, '/hello', { ca: c.ca, maxVersion: 'TLSv1.2' }))))
        .to.equal('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
      expect((await rt.run(tlsGet(`localhost:${only13.port}`, '/hello', { ca: c.ca }))).protocol).to.equal('TLSv1.3');
    } finally {
      await only13.close();
    }
  });

  it('ALPN offers http/1.1 by default; [] offers nothing', async () => {
    const info = coroutine(function* (alpn?: string[]) {
      const s = yield* wait(TlsStream.connect(`localhost:${server.port}`, { ca: c.ca, ...(alpn ? { ALPNProtocols: alpn } : {}) }));
      const out = { alpn: s.alpnProtocol, protocol: s.getProtocol(), cipher: s.getCipher() };
      s.close();
      return out;
    });
    const d = await rt.run(info());
    expect(d.alpn).to.equal('http/1.1');
    expect(d.protocol).to.equal('TLSv1.3');
    expect(d.cipher?.version).to.equal('TLSv1.3');
    expect(d.cipher?.standardName).to.match(/^TLS_/);
    expect((await rt.run(info([]))).alpn).to.equal(null);
  });

  it('maxVersion TLSv1.2 gives TLS 1.2; minVersion above what the server speaks fails with an OpenSSL code', async () => {
    const r = await rt.run(tlsGet(`localhost:${server.port}`, '/hello', { ca: c.ca, maxVersion: 'TLSv1.2' }));
    expect(r.protocol).to.equal('TLSv1.2');
    const old = await httpsServer({ key: c.localhost.key, cert: c.localhost.cert, maxVersion: 'TLSv1.2' });
    try {
      const code = await codeOf(rt.run(tlsGet(`localhost:${old.port}`, '/hello', { ca: c.ca, minVersion: 'TLSv1.3' })));
      expect(code).to.match(/^ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION$|^ERR_SSL_/);
      expect(code).to.equal('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
    } finally {
      await old.close();
    }
  });
});
