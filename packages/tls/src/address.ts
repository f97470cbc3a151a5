// The host part of a reactor address ('host:port', '[v6]:port' or { host, port }): the default
// servername. The reactor validates the address itself (TcpStream.connect runs first).
import type { HostAddress } from '@ferrite/reactor';

export function hostOf(addr: HostAddress): string {
  const host = typeof addr === 'string' ? addr.slice(0, addr.lastIndexOf(':')) : addr.host;
  return host.replace(/^\[(.*)\]$/, '$1');
}
