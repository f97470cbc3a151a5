// The peer certificate in node:tls's `getPeerCertificate()` shape, decoded by node:crypto from
// the DER the engine hands over (no certificate parsing in native code).
import { X509Certificate } from 'node:crypto';
import { checkServerIdentity, type PeerCertificate as NodePeerCertificate } from 'node:tls';
import { TlsError } from './errors.js';

/** A subset of node:tls's PeerCertificate: the fields code usually reads. */
export interface PeerCertificate {
  subject: Record<string, string | string[]>;
  issuer: Record<string, string | string[]>;
  subjectaltname: string | undefined;
  valid_from: string;
  valid_to: string;
  fingerprint256: string;
  serialNumber: string;
  /** The DER encoding. */
  raw: Buffer;
}

export function peerCertificate(der: Buffer): PeerCertificate {
  const x = new X509Certificate(der);
  return {
    subject: names(x.subject),
    issuer: names(x.issuer),
    subjectaltname: x.subjectAltName,
    valid_from: x.validFrom,
    valid_to: x.validTo,
    fingerprint256: x.fingerprint256,
    serialNumber: x.serialNumber,
    raw: der,
  };
}

/** 'CN=a\nO=b' as { CN: 'a', O: 'b' }; a repeated key becomes an array, as in Node. */
function names(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at <= 0) continue;
    const key = line.slice(0, at);
    const value = line.slice(at + 1);
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/**
 * ERR_TLS_CERT_ALTNAME_INVALID for a certificate that does not name `identity`, in node:tls's
 * words (its checkServerIdentity builds the reason: the altnames, the CN, or the IP list), so code
 * that shows or parses them sees the same. Where node would have accepted the name (a partial
 * wildcard, which we refuse), the reason says so in the same shape.
 */
export function altnameError(identity: string, cert: PeerCertificate | null): TlsError {
  const nodes = cert === null ? undefined : checkServerIdentity(identity, cert as unknown as NodePeerCertificate);
  const reason = (nodes as { reason?: string } | undefined)?.reason
    ?? `Host: ${identity}. is not in the cert's altnames: ${cert?.subjectaltname ?? ''} (a partial wildcard is not accepted)`;
  return Object.assign(new TlsError('ERR_TLS_CERT_ALTNAME_INVALID', `Hostname/IP does not match certificate's altnames: ${reason}`), {
    reason,
    host: identity,
  });
}
