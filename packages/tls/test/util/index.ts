import { readdirSync } from 'node:fs';

export const fdCount = () => readdirSync('/proc/self/fd').length;
export const bytes = (s: string) => new TextEncoder().encode(s);
export const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** An HTTP/1.1 GET that asks the server to close after the response. */
export const get = (path: string, host = 'localhost', close = true) =>
  bytes(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\n${close ? 'Connection: close\r\n' : ''}\r\n`);

export { certs, type Certs, type KeyPair } from './certs.js';
export * from './servers.js';
