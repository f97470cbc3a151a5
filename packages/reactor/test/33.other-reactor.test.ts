import { expect } from 'chai';
import { net } from '@ferrite/epoll';
import { Context, Waker, coroutine, dispose, join, wait } from '@ferrite/future';
import { Reactor, TcpListener, TcpStream, sleep, timeout } from '../src/index.js';
import { wrapStream } from '../src/net/tcp-stream.js';
import { block, bytes, text } from './util/index.js';

describe('a socket polled under another reactor than the one it was registered with', () => {
  it('moves there: it works, and the old reactor keeps no registration for it', () => {
    using first = new Reactor();
    using second = new Reactor();
    const [peer, mine] = net.tcpPair();
    using stream = first.enter(() => wrapStream(mine));
    expect(first.registrations).to.equal(1);
    const [got] = block(second, join(
      coroutine(function* () {
        const buf = new Uint8Array(8);
        const n = yield* wait(timeout(stream.read(buf), 2000)); // waits: the data comes later
        return text(buf.subarray(0, n));
      })(),
      coroutine(function* () {
        yield* wait(sleep(10));
        peer.write(bytes('hi'));
      })(),
    ));
    expect(got).to.equal('hi');
    expect([first.registrations, second.registrations]).to.deep.equal([0, 1]);
    peer.close();
  });

  it('also once the first reactor is closed (a stream outliving its runtime)', () => {
    const first = new Reactor();
    using second = new Reactor();
    using listener = TcpListener.bind('127.0.0.1:0');
    const port = listener.localAddr().port;
    const client = block(first, TcpStream.connect(`127.0.0.1:${port}`));
    const server = block(first, listener.accept())[0];
    first.close();
    const [echoed] = block(second, join(
      coroutine(function* () {
        const buf = new Uint8Array(4);
        const n = yield* wait(timeout(server.read(buf), 2000)); // waits: the data comes later
        return text(buf.subarray(0, n));
      })(),
      coroutine(function* () {
        yield* wait(sleep(10));
        yield* wait(client.writeAll(bytes('ping')));
      })(),
    ));
    expect(echoed).to.equal('ping');
    client.close();
    server.close();
  });

  it('while a task under the first reactor waits on it: ERR_FOREIGN_REACTOR at once, not a stall', () => {
    using first = new Reactor();
    using second = new Reactor();
    const [peer, mine] = net.tcpPair();
    using stream = first.enter(() => wrapStream(mine));
    const waiting = stream.read(new Uint8Array(1));
    first.enter(() => waiting.poll(new Context(Waker.from(() => {}))));
    expect(() => block(second, stream.read(new Uint8Array(1)))).to.throw().with.property('code', 'ERR_FOREIGN_REACTOR');
    dispose(waiting);
    peer.write(bytes('z'));
    expect(block(second, stream.read(new Uint8Array(1)))).to.equal(1);
    peer.close();
  });
});
