// Drives reactor futures without the executor package (which depends on this one): the future
// package's TestExecutor polls, and the reactor is turned whenever nothing is ready.
import { readdirSync } from 'node:fs';
import { expect } from 'chai';
import { coroutine, join, wait, type Awaitable, type Future } from '@ferrite/future';
import { TestExecutor } from '@ferrite/future/testing';
import type { Reactor } from '../../src/index.js';

export function block<T>(reactor: Reactor, future: Future<T>, limitMs = 10_000): T {
  const ex = new TestExecutor();
  const task = ex.spawn(future);
  const deadline = performance.now() + limitMs;
  reactor.enter(() => {
    for (;;) {
      ex.runUntilStalled();
      if (task.done) return;
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`block: not done after ${limitMs} ms`);
      reactor.turn(left);
    }
  });
  if (task.failed) throw task.error;
  return task.value as T;
}

export const fdCount = () => readdirSync('/proc/self/fd').length;
export const bytes = (s: string) => new TextEncoder().encode(s);
export const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** A connected stream as the echo test uses it (TcpStream and UnixStream). */
interface EchoStream {
  readToEnd(): Awaitable<Uint8Array>;
  writeAll(buf: Uint8Array): Awaitable<void>;
  shutdown(how: 'write'): void;
  close(): void;
}

/**
 * The round trip the socket suites share: `connect` writes `size` patterned bytes and shuts its
 * writing side; the accepted side reads them all and answers `got <n>`. Asserts that both sides
 * saw everything; `accepted`/`connected` add the family's own checks on each side.
 */
export function echoRoundTrip<S extends EchoStream, A>(
  reactor: Reactor,
  listener: { accept(): Awaitable<[S, A]> },
  connect: () => Awaitable<S>,
  size: number,
  checks: { accepted?(peer: A): void; connected?(stream: S): void } = {},
): void {
  const big = new Uint8Array(size).map((_, i) => i % 251);
  const [received, echoed] = block(reactor, join(
    coroutine(function* () {
      const [conn, peer] = yield* wait(listener.accept());
      checks.accepted?.(peer);
      const all = yield* wait(conn.readToEnd());
      yield* wait(conn.writeAll(bytes(`got ${all.length}`)));
      conn.close();
      return all;
    })(),
    coroutine(function* () {
      const stream = yield* wait(connect());
      checks.connected?.(stream);
      yield* wait(stream.writeAll(big));
      stream.shutdown('write');
      const reply = text(yield* wait(stream.readToEnd()));
      stream.close();
      return reply;
    })(),
  ));
  expect(received.length).to.equal(big.length);
  expect(received.every((b, i) => b === i % 251)).to.equal(true);
  expect(echoed).to.equal(`got ${big.length}`);
}
