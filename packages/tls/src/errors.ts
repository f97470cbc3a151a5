/**
 * Errors raised by @ferrite/tls. Each is a `TlsError` (a `FerriteError` of @ferrite/future) with
 * a stable `code`:
 * - certificate failures keep node:tls's codes (`DEPTH_ZERO_SELF_SIGNED_CERT`,
 *   `SELF_SIGNED_CERT_IN_CHAIN`, `UNABLE_TO_VERIFY_LEAF_SIGNATURE`, `CERT_HAS_EXPIRED`, ...,
 *   `ERR_TLS_CERT_ALTNAME_INVALID` for a host the certificate does not name), so code written for
 *   `node:https` handles them unchanged;
 * - OpenSSL failures are `ERR_SSL_<REASON>` as in Node (`ERR_SSL_WRONG_VERSION_NUMBER`,
 *   `ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION`, ...);
 * - `ECONNRESET`: the peer closed before the handshake completed (Node's code for it);
 * - `ERR_TLS_TRUNCATED`: the peer closed the connection without close_notify;
 * - `ERR_CLOSED`: the stream was used after close();
 * - `ERR_INVALID_RETURN_VALUE`: a sync stream's transport answered read/write with something other
 *   than WOULD_BLOCK or a byte count in range (a write of 0 bytes included: it would spin).
 * Socket failures (ECONNREFUSED, ECONNRESET from the kernel) are the socket's own errors.
 */
import { FerriteError } from '@ferrite/future/errors';

/** The verification codes of node:tls (X509_V_ERR_* without the prefix). */
export type CertificateErrorCode =
  | 'UNABLE_TO_GET_ISSUER_CERT' | 'UNABLE_TO_GET_CRL' | 'UNABLE_TO_DECRYPT_CERT_SIGNATURE'
  | 'UNABLE_TO_DECRYPT_CRL_SIGNATURE' | 'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY' | 'CERT_SIGNATURE_FAILURE'
  | 'CRL_SIGNATURE_FAILURE' | 'CERT_NOT_YET_VALID' | 'CERT_HAS_EXPIRED' | 'CRL_NOT_YET_VALID' | 'CRL_HAS_EXPIRED'
  | 'ERROR_IN_CERT_NOT_BEFORE_FIELD' | 'ERROR_IN_CERT_NOT_AFTER_FIELD' | 'ERROR_IN_CRL_LAST_UPDATE_FIELD'
  | 'ERROR_IN_CRL_NEXT_UPDATE_FIELD' | 'OUT_OF_MEM' | 'DEPTH_ZERO_SELF_SIGNED_CERT' | 'SELF_SIGNED_CERT_IN_CHAIN'
  | 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' | 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' | 'CERT_CHAIN_TOO_LONG' | 'CERT_REVOKED'
  | 'INVALID_CA' | 'PATH_LENGTH_EXCEEDED' | 'INVALID_PURPOSE' | 'CERT_UNTRUSTED' | 'CERT_REJECTED'
  | 'HOSTNAME_MISMATCH' | 'EMAIL_MISMATCH' | 'IP_ADDRESS_MISMATCH' | 'UNSPECIFIED';

export type TlsErrorCode =
  | CertificateErrorCode
  | 'ERR_TLS_CERT_ALTNAME_INVALID'
  | 'ERR_TLS_TRUNCATED'
  | 'ERR_TLS_INVALID_CA'
  | 'ERR_TLS_INVALID_SESSION'
  | 'ERR_TLS_NO_ROOTS'
  | 'ERR_TLS_FAILED'
  | 'ERR_INVALID_RETURN_VALUE'
  | 'ECONNRESET'
  | 'ERR_CLOSED'
  | 'ERR_NATIVE_BUILD_MISSING'
  | 'ERR_UNSUPPORTED_PLATFORM'
  | `ERR_SSL_${string}`
  | `ERR_OSSL_${string}`;

export class TlsError extends FerriteError<TlsErrorCode> {}

export function closedError(): TlsError {
  return new TlsError('ERR_CLOSED', 'TlsStream is closed');
}
