// Helpers shared by the tests: fd counting, requests over a TlsStream, node:https for comparison.
import { readdirSync, readlinkSync } from 'node:fs';
export const fdCount = () => readdirSync('/proc/self/fd').length;

function countLinks(match: RegExp): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (match.test(readlinkSync(`/proc/self/fd/${fd}`))) n++;
    } catch {
      // closed while listed
    }
  }
  return n;
}

/** Open sockets of this process (the runtime's epoll/event fds, made lazily, are not counted). */
export const socketCount = () => countLinks(/^socket:/);

/**
 * Sockets, epoll, eventfd and timerfd fds: what ferrite opens. Files are left out: tsx opens its
 * cache files now and then while a test runs.
 */
export const ioFdCount = () => countLinks(/^(socket:|anon_inode:)/);
export const bytes = (s: string) => new TextEncoder().encode(s);
export const text = (b: Uint8Array) => new TextDecoder().decode(b);

export { get } from './requests.js';

export { certs, type Certs, type KeyPair } from './certs.js';
export * from './servers.js';
export { expectBigBody, httpsSuite, type HttpsSuite } from './suite.js';

import { request as httpsRequest, type RequestOptions } from 'node:https';
import { coroutine, wait, type Awaitable } from '@ferrite/future';
import { TlsStream, type TlsOptions } from '../../src/index.js';
import { get as getBytes } from './requests.js';

/** Connects, sends GET `path` (Connection: close), reads to close_notify; the stream is closed after. */
export const tlsGet = coroutine(function* (addr: string, path: string, options?: TlsOptions) {
  const s = yield* wait(TlsStream.connect(addr, options));
  try {
    yield* wait(s.writeAll(getBytes(path)));
    const body = text(yield* wait(s.readToEnd()));
    // What the tests look at, read before the stream is closed.
    return {
      text: body,
      session: s.session,
      reused: s.isSessionReused(),
      authorized: s.authorized,
      authorizationError: s.authorizationError,
      peer: s.getPeerCertificate(),
      protocol: s.getProtocol(),
    };
  } finally {
    s.close();
  }
});

/** The error code of a rejected promise (or 'resolved'). */
export async function codeOf(p: PromiseLike<unknown> | Awaitable<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return String((err as { code?: unknown }).code);
  }
}

/** What node:https says for the same server and options: its error code, or 'resolved'. */
export function nodeCode(options: RequestOptions): Promise<string> {
  return new Promise((resolve) => {
    const req = httpsRequest({ path: '/hello', agent: false, ...options }, (res) => {
      res.resume();
      res.on('end', () => resolve('resolved'));
    });
    req.on('error', (err) => resolve(String((err as { code?: unknown }).code)));
    req.end();
  });
}

/**
 * `count()` once it reaches `expected`, or after `limitMs`: in-process servers close their side of a
 * connection a moment after the client (bounded wait, no timing assertion).
 */
export async function settled(count: () => number, expected: number, limitMs = 5000): Promise<number> {
  const deadline = performance.now() + limitMs;
  while (count() !== expected && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return count();
}
