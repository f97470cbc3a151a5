/**
 * Socket addresses: `'127.0.0.1:8080'`, `'[::1]:8080'` or `{ host, port }`. Hosts here are IP
 * literals; resolve names first (the reactor's `lookup` does it without blocking).
 */
import { isIP } from 'node:net';
import { FerriteError } from './errors.js';

export type Address = string | { host: string; port: number };

export interface ParsedAddress {
  host: string;
  port: number;
  family: 4 | 6;
}

export function parseAddress(addr: Address): ParsedAddress {
  let host: string;
  let port: unknown;
  if (typeof addr === 'string') {
    const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(addr);
    if (m === null) throw invalidAddress(`expected 'host:port' or '[v6]:port', got '${addr}'`);
    host = (m[1] ?? m[2])!;
    port = Number(m[3]);
  } else if (addr !== null && typeof addr === 'object') {
    host = String(addr.host).replace(/^\[(.*)\]$/, '$1');
    port = addr.port;
  } else {
    throw invalidAddress(`expected a string or { host, port }, got ${String(addr)}`);
  }
  if (!Number.isInteger(port) || (port as number) < 0 || (port as number) > 65535) {
    throw invalidAddress(`port must be an integer 0..65535, got ${String(port)}`);
  }
  const family = isIP(host);
  if (family === 0) throw invalidAddress(`'${host}' is not an IP address; resolve host names first`);
  return { host, port: port as number, family: family as 4 | 6 };
}

function invalidAddress(message: string): FerriteError {
  return new FerriteError('ERR_INVALID_ADDRESS', message);
}
