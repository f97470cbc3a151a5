// Our verdict on (host, certificate names) against node:tls's checkServerIdentity, the oracle:
// the same unless a row says why we differ (a partial wildcard, refused as RFC 9525 says; a
// Unicode name, which we check in its A-label form). Certificates are made in each test.
import { expect } from 'chai';
import { X509Certificate } from 'node:crypto';
import { createServer, checkServerIdentity, type PeerCertificate, type Server } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { Runtime } from '@ferrite/executor';
import { coroutine, wait } from '@ferrite/future';
import { TlsStream } from '../src/index.js';
import { selfSigned } from './util/self-signed.js';

interface Row {
  subject: string;
  san?: string;
  /** host → why our verdict differs from node's (absent: the same verdict). */
  hosts: Record<string, string | null>;
}

const TABLE: Row[] = [
  { subject: '/CN=wild', san: 'DNS:*.example.com', hosts: {
    'a.example.com': null, 'a.b.example.com': null, 'example.com': null, 'A.EXAMPLE.COM': null, 'a.example.com.': null,
    'xn--bcher-kva.example.com': null } },
  { subject: '/CN=star', san: 'DNS:*', hosts: { 'example.com': null, 'localhost': null } },
  { subject: '/CN=tld', san: 'DNS:*.com', hosts: { 'example.com': null } },
  { subject: '/CN=partial', san: 'DNS:f*.example.com', hosts: {
    'foo.example.com': 'no partial wildcards (RFC 9525); node accepts f*', 'bar.example.com': null } },
  { subject: '/CN=inner', san: 'DNS:a.*.example.com', hosts: { 'a.b.example.com': null } },
  { subject: '/CN=upper', san: 'DNS:EXAMPLE.com', hosts: { 'example.com': null, 'Example.COM': null } },
  { subject: '/CN=ip-as-dns', san: 'DNS:127.0.0.1', hosts: { '127.0.0.1': null } },
  { subject: '/CN=ips', san: 'IP:127.0.0.1,IP:::1', hosts: {
    '127.0.0.1': null, '::1': null, '[::1]': null, '0:0:0:0:0:0:0:1': null, '::ffff:127.0.0.1': null, 'localhost': null, '127.0.0.2': null } },
  { subject: '/CN=example.com', hosts: { 'example.com': null, 'www.example.com': null } },
  { subject: '/CN=127.0.0.1', hosts: { '127.0.0.1': null } },
  { subject: '/CN=*.example.com', hosts: { 'a.example.com': null, 'example.com': null } },
  { subject: '/CN=example.com', san: 'DNS:other.test', hosts: { 'example.com': null, 'other.test': null } },
  { subject: '/CN=example.com', san: 'IP:127.0.0.1', hosts: { 'example.com': null, '127.0.0.1': null } },
  { subject: '/CN=idn', san: 'DNS:xn--bcher-kva.example', hosts: {
    'xn--bcher-kva.example': null, 'bücher.example': 'we send and check the A-label form; node compares the U-label as given' } },
];

describe('certificate names: our verdict against node:tls checkServerIdentity', () => {
  const rt = new Runtime();
  const servers: Server[] = [];
  after(() => {
    for (const s of servers) s.close();
    rt.close();
  });

  // One connection: the servername given, to a server presenting `cert` (trusted as its own root).
  const verdict = coroutine(function* (port: number, cert: string, host: string) {
    const s = yield* wait(TlsStream.connect(`127.0.0.1:${port}`, { ca: cert, servername: host, rejectUnauthorized: false }));
    const error = s.authorizationError as (Error & { code: string; reason?: string }) | null;
    s.close();
    if (error !== null && error.code !== 'ERR_TLS_CERT_ALTNAME_INVALID') throw error;
    return error?.reason ?? null;
  });

  for (const row of TABLE) {
    it(`${row.san ?? 'no SAN'}, subject ${row.subject}`, async function () {
      this.timeout(20_000); // openssl key generation on a loaded machine
      const pair = selfSigned(row.subject, row.san);
      const server = createServer(pair, (sock) => sock.end());
      server.on('tlsClientError', () => {});
      servers.push(server);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as AddressInfo).port;
      const peer = new X509Certificate(pair.cert).toLegacyObject() as unknown as PeerCertificate;
      for (const [host, why] of Object.entries(row.hosts)) {
        const nodeError = checkServerIdentity(host.replace(/^\[|\]$/g, '').replace(/\.$/, ''), peer) as { reason?: string } | undefined;
        const node = nodeError === undefined;
        const reason = await rt.run(verdict(port, pair.cert, host));
        const ours = reason === null;
        expect({ host, ours }).to.deep.equal({ host, ours: why === null ? node : !node });
        // Refused by both: node's own words (the altnames, the CN or the IP list).
        if (!ours && !node) expect({ host, reason }).to.deep.equal({ host, reason: nodeError.reason });
      }
    });
  }
});
