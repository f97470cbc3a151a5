import { expect } from 'chai';
import { net } from '@ferrite/epoll';
import { Context, Waker, coroutine, dispose, join, wait } from '@ferrite/future';
import { Reactor, TcpListener, TcpStream, sleep, timeout } from '../src/index.js';
import { wrapStream } from '../src/net/tcp-stream.js';
import { block, bytes, text } from './util/index.js';

describe('several tasks waiting on the same socket direction', () => {
  it('two acceptors on one listener both get a connection', () => {
    using reactor = new Reactor();
    using listener = TcpListener.bind('127.0.0.1:0');
    const port = listener.localAddr().port;
    const acceptor = coroutine(function* (name: string) {
      using _conn = (yield* wait(listener.accept()))[0];
      return name;
    });
    const dialer = coroutine(function* () {
      yield* wait(sleep(10)); // both acceptors are waiting by now
      using _a = yield* wait(TcpStream.connect(`127.0.0.1:${port}`));
      yield* wait(sleep(10));
      using _b = yield* wait(TcpStream.connect(`127.0.0.1:${port}`));
      yield* wait(sleep(10));
      return 'dialed';
    });
    expect(block(reactor, join(acceptor('first'), acceptor('second'), dialer()), 3000)).to.deep.equal(['first', 'second', 'dialed']);
  });

  it('two readers of one stream both finish', () => {
    using reactor = new Reactor();
    const [peer, mine] = net.tcpPair();
    using stream = reactor.enter(() => wrapStream(mine));
    const reader = coroutine(function* () {
      const buf = new Uint8Array(1);
      const n = yield* wait(stream.read(buf));
      return text(buf.subarray(0, n));
    });
    const writer = coroutine(function* () {
      yield* wait(sleep(10));
      peer.write(bytes('x'));
      yield* wait(sleep(10));
      peer.write(bytes('y'));
    });
    const [a, b] = block(reactor, join(reader(), reader(), writer()), 3000);
    expect([a, b].sort()).to.deep.equal(['x', 'y']);
    peer.close();
  });

  it('a disposed waiter leaves no entry: the reactor is idle again and counts exactly', () => {
    using reactor = new Reactor();
    const [peer, mine] = net.tcpPair();
    using stream = reactor.enter(() => wrapStream(mine));
    const cx = new Context(Waker.from(() => {}));
    const reads = [1, 2, 3].map(() => stream.read(new Uint8Array(1)));
    reactor.enter(() => reads.forEach((r) => r.poll(cx)));
    expect(reactor.isIdle(), 'three readers wait').to.equal(false);
    dispose(reads[0]);
    dispose(reads[2]);
    expect(reactor.isIdle(), 'one still waits').to.equal(false);
    dispose(reads[1]);
    expect(reactor.isIdle(), 'every waiter left').to.equal(true);
    peer.close();
  });

  it('a read that timed out keeps nobody counted as waiting', () => {
    using reactor = new Reactor();
    const [peer, mine] = net.tcpPair();
    using stream = reactor.enter(() => wrapStream(mine));
    expect(() => block(reactor, timeout(stream.read(new Uint8Array(8)), 10))).to.throw().with.property('code', 'ERR_TIMEOUT');
    expect(reactor.isIdle()).to.equal(true);
    peer.close();
  });

  it('a disposed accept leaves the other acceptors waiting, and they still get connections', () => {
    using reactor = new Reactor();
    using listener = TcpListener.bind('127.0.0.1:0');
    const port = listener.localAddr().port;
    const [gaveUp, accepted] = block(reactor, join(
      coroutine(function* () {
        try {
          yield* wait(timeout(listener.accept(), 5));
          return 'accepted?';
        } catch (err) {
          return (err as { code: string }).code;
        }
      })(),
      coroutine(function* () {
        const [conn] = yield* wait(listener.accept());
        conn.close();
        return 'accepted';
      })(),
      coroutine(function* () {
        yield* wait(sleep(20));
        (yield* wait(TcpStream.connect(`127.0.0.1:${port}`))).close();
      })(),
    ), 3000);
    expect([gaveUp, accepted]).to.deep.equal(['ERR_TIMEOUT', 'accepted']);
  });
});
