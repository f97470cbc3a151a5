// The identity a connection checks and the SNI it sends, from `servername` or the host dialed.
// Checked here, at the call, so that a name OpenSSL would refuse (or a NUL that would cut the SNI
// short of the name verified) never reaches the native engine after the TCP connect.
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { stripBrackets } from '@ferrite/epoll';
import { invalidArgValue } from '@ferrite/future/errors';

export interface Identity {
  /** The name or address checked against the certificate. */
  readonly name: string;
  readonly isIp: boolean;
}

/** Labels of letters, digits, '-' and '_' (seen in real names), no empty one: 1..253 bytes. */
const HOST_NAME = /^(?!.{254})[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;

/**
 * `raw` as an identity: an IP literal (brackets dropped), or a DNS name with one trailing dot
 * dropped (RFC 6066 sends SNI without it; node:tls's checkServerIdentity ignores it) and Unicode
 * labels in their ASCII form (IDNA A-labels: what certificates and SNI carry).
 */
export function identityOf(raw: string, what: string): Identity {
  const host = stripBrackets(raw);
  if (isIP(host) !== 0) return { name: host, isIp: true };
  let name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (/[^\x00-\x7f]/.test(name)) name = domainToASCII(name);
  if (!HOST_NAME.test(name)) throw invalidArgValue(what, 'a host name (letters, digits, - and _ in dot-separated labels, at most 253 bytes) or an IP address', raw);
  return { name, isIp: false };
}
