// 'host:port', '[v6]:port' or { host, port }, where host may be a name (resolved by lookup).
import { ReactorError } from '../errors.js';

export type HostAddress = string | { host: string; port: number };

export function splitHostPort(addr: HostAddress): { host: string; port: number } {
  let host: string;
  let port: unknown;
  if (typeof addr === 'string') {
    const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d+)$/.exec(addr);
    if (m === null) throw new ReactorError('ERR_INVALID_ADDRESS', `expected 'host:port' or '[v6]:port', got '${addr}'`);
    host = (m[1] ?? m[2])!;
    port = Number(m[3]);
  } else if (addr !== null && typeof addr === 'object' && typeof addr.host === 'string') {
    host = addr.host.replace(/^\[(.*)\]$/, '$1');
    port = addr.port;
  } else {
    throw new ReactorError('ERR_INVALID_ADDRESS', `expected a string or { host, port }, got ${String(addr)}`);
  }
  if (!Number.isInteger(port) || (port as number) < 0 || (port as number) > 65535) {
    throw new ReactorError('ERR_INVALID_ADDRESS', `port must be an integer 0..65535, got ${String(port)}`);
  }
  if (host.length === 0) throw new ReactorError('ERR_INVALID_ADDRESS', 'empty host');
  return { host, port: port as number };
}
