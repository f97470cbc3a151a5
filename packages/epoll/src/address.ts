/**
 * Socket addresses: the one home of the address grammar for the whole stack.
 *
 * An {@link Address} is `'127.0.0.1:8080'`, `'[::1]:8080'` (IPv6 in brackets) or
 * `{ host, port }` (the host with or without brackets). Three readings of it:
 *
 * - {@link parseHostPort}: host and port, the host possibly a name (for code that resolves names
 *   itself, as the reactor's `TcpStream.connect` does with `lookup`).
 * - {@link parseAddress}: host, port and family, the host an IP literal (what a socket needs).
 * - {@link stripBrackets}: `'[::1]'` → `'::1'`, for hosts from elsewhere (a URL's `hostname`).
 *
 * ```ts
 * parseHostPort('example.com:80');   // { host: 'example.com', port: 80 }
 * parseAddress('[::1]:8080');        // { host: '::1', port: 8080, family: 6 }
 * parseAddress('example.com:80');    // throws EpollError ERR_INVALID_ADDRESS (resolve names first)
 * ```
 *
 * # Errors
 * Anything else throws an `EpollError` with code `ERR_INVALID_ADDRESS`: a string without a port,
 * a port that is not an integer 0..65535, an empty host, a host with stray brackets, and (for
 * `parseAddress`) a host that is not an IP literal.
 */
import { isIP } from 'node:net';
import { EpollError } from './errors.js';

export type Address = string | { host: string; port: number };

/** An address whose host may still be a name. */
export interface HostPort {
  host: string;
  port: number;
}

export interface ParsedAddress extends HostPort {
  family: 4 | 6;
}

// 'host:port' (a host without ':' or brackets) or '[v6]:port'.
const HOST_PORT = /^(?:\[([^[\]]+)\]|([^:[\]]+)):(\d+)$/;

/** `host` without one pair of enclosing brackets (`'[::1]'` → `'::1'`); any other host as is. */
export function stripBrackets(host: string): string {
  return host.length > 1 && host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Host (a name or an IP literal, without brackets) and port of `addr`. */
export function parseHostPort(addr: Address): HostPort {
  let host: string;
  let port: unknown;
  if (typeof addr === 'string') {
    const m = HOST_PORT.exec(addr);
    if (m === null) throw invalidAddress(`expected 'host:port' or '[v6]:port', got '${addr}'`);
    host = (m[1] ?? m[2])!;
    port = Number(m[3]);
  } else if (addr !== null && typeof addr === 'object' && typeof addr.host === 'string') {
    host = stripBrackets(addr.host);
    port = addr.port;
  } else {
    throw invalidAddress(`expected a string or { host, port }, got ${describe(addr)}`);
  }
  if (!Number.isInteger(port) || (port as number) < 0 || (port as number) > 65535) {
    throw invalidAddress(`port must be an integer 0..65535, got ${String(port)}`);
  }
  if (host.length === 0) throw invalidAddress('empty host');
  if (/[[\]]/.test(host)) throw invalidAddress(`stray bracket in host '${host}'`);
  return { host, port: port as number };
}

/** Host, port and family of `addr`, whose host must be an IP literal (resolve names first). */
export function parseAddress(addr: Address): ParsedAddress {
  const { host, port } = parseHostPort(addr);
  const family = isIP(host);
  if (family === 0) throw invalidAddress(`'${host}' is not an IP address; resolve host names first`);
  return { host, port, family: family as 4 | 6 };
}

function describe(v: unknown): string {
  if (v !== null && typeof v === 'object') return `an object with host ${typeof (v as { host?: unknown }).host}`;
  return typeof v === 'symbol' || typeof v === 'bigint' ? typeof v : String(v);
}

function invalidAddress(message: string): EpollError {
  return new EpollError('ERR_INVALID_ADDRESS', message);
}
