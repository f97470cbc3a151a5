// Exercises every native path of @ferrite/tls once; run under valgrind by ../../scripts/sanitize.mjs
// (`npm run test:native-sanitize`, which also runs the mocha suite under AddressSanitizer).
// The server is node:tls in this process: OpenSSL on both sides runs under the tool.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import { createServer as createNet } from 'node:net';
import { TLSSocket, createServer as createTlsServer } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Runtime } from '@ferrite/executor';
import { coroutine, wait } from '@ferrite/future';
import { TlsStream, sync } from '../dist/index.js';

const dir = mkdtempSync(join(tmpdir(), 'ferrite-tls-sanitize-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
  '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '1', '-subj', '/CN=localhost',
  '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
const key = readFileSync(join(dir, 'k.pem'), 'utf8');
const cert = readFileSync(join(dir, 'c.pem'), 'utf8');
rmSync(dir, { recursive: true });

const https = createServer({ key, cert }, (req, res) => res.end('x'.repeat(100_000)));
await new Promise((r) => https.listen(0, '127.0.0.1', r));
const truncating = createNet((raw) => {
  const tls = new TLSSocket(raw, { isServer: true, key, cert });
  tls.on('error', () => {});
  tls.once('data', () => tls.write('partial', () => raw.end()));
});
await new Promise((r) => truncating.listen(0, '127.0.0.1', r));

const rt = new Runtime();
const request = new TextEncoder().encode('GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
const get = coroutine(function* (port, options) {
  const s = yield* wait(TlsStream.connect(`localhost:${port}`, options));
  try {
    yield* wait(s.writeAll(request));
    const body = yield* wait(s.readToEnd());
    const info = [s.session, s.isSessionReused(), s.getPeerCertificate(), s.getProtocol(), s.getCipher(), s.alpnProtocol];
    return { body, session: info[0], reused: info[1] };
  } finally {
    s.close();
  }
});
const expectCode = async (p, code) => {
  try {
    await p;
  } catch (err) {
    if (err.code === code) return;
    throw err;
  }
  throw new Error(`expected ${code}`);
};

const first = await rt.run(get(https.address().port, { ca: cert }));
const second = await rt.run(get(https.address().port, { ca: cert, session: first.session, maxVersion: 'TLSv1.3' }));
if (first.body.length < 100_000 || !second.reused) throw new Error('GET or resumption failed');
await rt.run(get(https.address().port, { ca: cert, maxVersion: 'TLSv1.2' }));
await expectCode(rt.run(get(https.address().port)), 'DEPTH_ZERO_SELF_SIGNED_CERT');
await expectCode(rt.run(get(https.address().port, { ca: cert, servername: 'other.test' })), 'ERR_TLS_CERT_ALTNAME_INVALID');
await rt.run(get(https.address().port, { rejectUnauthorized: false }));
await expectCode(rt.run(get(truncating.address().port, { ca: cert })), 'ERR_TLS_TRUNCATED');
await expectCode(rt.run(get(https.address().port, { ca: cert, session: new Uint8Array(3) })), 'ERR_TLS_INVALID_SESSION');
await expectCode(Promise.resolve().then(() => TlsStream.connect('localhost:1', { ca: 'no pem' })), 'ERR_TLS_INVALID_CA');
await expectCode(Promise.resolve().then(() => TlsStream.connect('localhost:1', { ca: `${cert}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n` })), 'ERR_TLS_INVALID_CA');
// A TLS 1.2 server asking to renegotiate: refused (no_renegotiation), the server fails the connection.
const renegotiating = createTlsServer({ key, cert, maxVersion: 'TLSv1.2' }, (s) => {
  s.on('error', () => {});
  s.once('data', () => s.renegotiate({}, () => s.end('after')));
});
await new Promise((r) => renegotiating.listen(0, '127.0.0.1', r));
await expectCode(rt.run(get(renegotiating.address().port, { ca: cert })), 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE');
renegotiating.close();
// Connect and close in a loop (FERRITE_SANITIZE_LOOP times, default 50): every SSL, BIO and session freed.
for (let i = 0, n = Number(process.env.FERRITE_SANITIZE_LOOP ?? 50), session = null; i < n; i++) {
  session = (await rt.run(get(https.address().port, { ca: cert, session: i % 2 ? session : null }))).session;
}
// Left open for the env cleanup hook: a sync stream mid-handshake.
const leftOpen = sync.TlsStream.connect(`127.0.0.1:${https.address().port}`, { ca: cert });
leftOpen.handshake();
rt.close();
https.close();
truncating.close();
https.closeAllConnections();
console.log('tls sanitize scenario: ok');
