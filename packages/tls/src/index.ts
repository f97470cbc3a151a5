/**
 * @ferrite/tls: non-blocking TLS for ferrite on the OpenSSL that Node itself ships, beside the
 * runtime as tokio-native-tls is beside tokio. `TlsStream` is async (futures on the reactor,
 * the poll methods of the reactor's TcpStream); `sync.TlsStream` returns WOULD_BLOCK plus the
 * direction to wait for, for a loop that owns its own `Poll`.
 *
 * ```ts
 * import { Runtime } from '@ferrite/executor';
 * import { coroutine, wait } from '@ferrite/future';
 * import { TlsStream } from '@ferrite/tls';
 *
 * const get = coroutine(function* (host: string) {
 *   const tls = yield* wait(TlsStream.connect(`${host}:443`));   // verified against tls.rootCertificates
 *   yield* wait(tls.writeAll(Buffer.from(`GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`)));
 *   const reply = yield* wait(tls.readToEnd());
 *   tls.close();
 *   return Buffer.from(reply).toString();
 * });
 * console.log(new Runtime().blockOn(get('example.com')));
 * ```
 *
 * Verification is on by default: the chain against Node's bundled roots (or `ca`), then the
 * host name or IP address against the certificate. Failures are `TlsError`s with node:tls's
 * codes (`DEPTH_ZERO_SELF_SIGNED_CERT`, `CERT_HAS_EXPIRED`, `ERR_TLS_CERT_ALTNAME_INVALID`, ...);
 * `rejectUnauthorized: false` records them in `authorizationError` instead. A peer that closes
 * without close_notify is `ERR_TLS_TRUNCATED`; a stream used after close() is `ERR_CLOSED`.
 */
export { TlsStream } from './tls-stream.js';
export * as sync from './sync/index.js';
export { TlsError, type TlsErrorCode, type CertificateErrorCode } from './errors.js';
export type { TlsOptions, TlsVersion } from './options.js';
export type { PeerCertificate } from './peer-certificate.js';
export { WOULD_BLOCK, type WouldBlock } from '@ferrite/epoll';
