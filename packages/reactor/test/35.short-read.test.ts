import { expect } from 'chai';
import { coroutine, join, wait } from '@ferrite/future';
import { Reactor, TcpListener, TcpStream, sleep } from '../src/index.js';
import { block, bytes, text } from './util/index.js';

// A read shorter than its buffer drained the socket (epoll(7)): the stream then waits for the next
// edge instead of paying a read that says WOULD_BLOCK. Nothing may be lost by that.
describe('short reads and the end of stream', () => {
  it('data and the peer\'s FIN in one edge: the short read does not hide the end', () => {
    using reactor = new Reactor();
    const listener = TcpListener.bind('127.0.0.1:0');
    const [got] = block(reactor, join(
      coroutine(function* () {
        const c = yield* wait(TcpStream.connect(`127.0.0.1:${listener.localAddr().port}`));
        yield* wait(sleep(20)); // the data and the FIN are both queued before the first event
        const buf = new Uint8Array(64 * 1024);
        const first = yield* wait(c.read(buf));
        const chunk = text(buf.subarray(0, first));
        const end = yield* wait(c.read(buf));
        c.close();
        return [chunk, end] as const;
      })(),
      coroutine(function* () {
        const [s] = yield* wait(listener.accept());
        yield* wait(s.writeAll(bytes('hello')));
        s.close();
      })(),
    ), 5000);
    listener.close();
    expect(got).to.deep.equal(['hello', 0]);
  });

  it('data arriving after a short read wakes the reader (a new edge)', () => {
    using reactor = new Reactor();
    const listener = TcpListener.bind('127.0.0.1:0');
    const [chunks] = block(reactor, join(
      coroutine(function* () {
        const c = yield* wait(TcpStream.connect(`127.0.0.1:${listener.localAddr().port}`));
        const buf = new Uint8Array(64 * 1024);
        const out: string[] = [];
        for (;;) {
          const n = yield* wait(c.read(buf));
          if (n === 0) break;
          out.push(text(buf.subarray(0, n)));
        }
        c.close();
        return out.join('');
      })(),
      coroutine(function* () {
        const [s] = yield* wait(listener.accept());
        for (const part of ['a', 'b', 'c']) {
          yield* wait(s.writeAll(bytes(part)));
          yield* wait(sleep(5));
        }
        s.close();
      })(),
    ), 5000);
    listener.close();
    expect(chunks).to.equal('abc');
  });
});
