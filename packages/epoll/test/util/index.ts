// Helpers shared by the epoll tests (mio's tests/util/mod.rs in spirit).
import { readdirSync, readlinkSync } from 'node:fs';
import { expect } from 'chai';
import { Events, Poll, WOULD_BLOCK, net } from '../../src/index.js';

/** The fds this process has open, as 'fd -> target' strings. */
export function openFds(): string[] {
  const out: string[] = [];
  for (const name of readdirSync('/proc/self/fd')) {
    try {
      out.push(`${name} -> ${readlinkSync(`/proc/self/fd/${name}`)}`);
    } catch {
      // the fd readdir itself used, already closed
    }
  }
  return out.sort();
}

/** A connected loopback pair: [client, server-side]. */
export const socketPair = (host = '127.0.0.1'): [net.TcpStream, net.TcpStream] => net.tcpPair(host);

/** The tokens of one poll, in order. */
export function pollTokens(poll: Poll, events: Events, timeoutMs: number | null = 0): number[] {
  poll.poll(events, timeoutMs);
  return [...events].map((e) => e.token);
}

/** Reads until WOULD_BLOCK (or EOF); returns the bytes read. */
export function drain(stream: net.TcpStream): number {
  const buf = new Uint8Array(64 * 1024);
  let total = 0;
  for (;;) {
    const n = stream.read(buf);
    if (n === WOULD_BLOCK || n === 0) return total;
    total += n;
  }
}

export function expectCode(fn: () => unknown, code: string): void {
  expect(fn).to.throw().with.property('code', code);
}

export const bytes = (s: string) => new TextEncoder().encode(s);
