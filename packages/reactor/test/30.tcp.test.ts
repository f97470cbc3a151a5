import { expect } from 'chai';
import { WOULD_BLOCK, net } from '@ferrite/epoll';
import { Reactor, TcpListener, TcpStream, lookup, timeout } from '../src/index.js';
import { wrapStream } from '../src/net/tcp-stream.js';
import { block, bytes, echoRoundTrip, fdCount } from './util/index.js';

// A label over 63 bytes: getaddrinfo refuses it locally (ENOTFOUND) and no DNS query leaves the
// machine, where a plain unknown name would be sent to the configured nameserver.
const UNRESOLVABLE = `${'a'.repeat(64)}.invalid`;

describe('async TCP', () => {
  for (const host of ['127.0.0.1', '::1']) {
    it(`${host}: connect, accept, writeAll, readToEnd, shutdown`, () => {
      using reactor = new Reactor();
      const before = fdCount();
      const listener = TcpListener.bind({ host, port: 0 });
      const port = listener.localAddr().port;
      echoRoundTrip(reactor, listener, () => TcpStream.connect({ host, port }), 3 * 1024 * 1024, {
        connected: (stream) => expect(stream.peerAddr().port).to.equal(port),
      });
      listener.close();
      expect(reactor.registrations).to.equal(0);
      expect(fdCount()).to.equal(before);
    });
  }

  it('connects by host name through lookup (localhost)', () => {
    using reactor = new Reactor();
    const listener = TcpListener.bind('127.0.0.1:0');
    const port = listener.localAddr().port;
    const s = block(reactor, TcpStream.connect(`localhost:${port}`));
    expect(s.peerAddr().port).to.equal(port);
    s.close();
    listener.close();
  });

  it('a refused connect throws ECONNREFUSED naming address and port, and leaves no fd', () => {
    using reactor = new Reactor();
    const probe = TcpListener.bind('127.0.0.1:0');
    const port = probe.localAddr().port;
    probe.close();
    const before = fdCount();
    expect(() => block(reactor, TcpStream.connect(`127.0.0.1:${port}`))).to.throw().with.property('code', 'ECONNREFUSED');
    expect(fdCount()).to.equal(before);
    // Like Node's: the error names the address and port that refused (each of a name's).
    let error: { address?: string; port?: number; message?: string } = {};
    try {
      block(reactor, TcpStream.connect({ host: 'localhost', port }));
    } catch (err) {
      error = err as typeof error;
    }
    expect(['127.0.0.1', '::1']).to.include(error.address);
    expect(error.port).to.equal(port);
    expect(error.message).to.include(`:${port})`);
    expect(fdCount()).to.equal(before + 1); // + the reactor's resolver eventfd, for 'localhost'
    expect(reactor.registrations).to.equal(0);
  });

  it('an aborted connect (timeout) closes its socket and deregisters', () => {
    using reactor = new Reactor();
    // A listener whose backlog is full drops further SYNs: the next connect stays in progress.
    const listener = net.TcpListener.bind('127.0.0.1:0', { backlog: 1 });
    const port = listener.localAddr().port;
    const fillers = Array.from({ length: 4 }, () => net.TcpStream.connect(`127.0.0.1:${port}`));
    const before = fdCount();
    const t0 = performance.now();
    expect(() => block(reactor, timeout(TcpStream.connect(`127.0.0.1:${port}`), 100))).to.throw().with.property('code', 'ERR_TIMEOUT');
    expect(performance.now() - t0).to.be.at.least(100);
    expect(reactor.registrations).to.equal(0);
    expect(fdCount()).to.equal(before);
    fillers.forEach((f) => f.close());
    listener.close();
  });

  it('lookup: IP literals are answered without a lookup; localhost resolves; unknown is ENOTFOUND', () => {
    using reactor = new Reactor();
    const before = fdCount();
    expect(block(reactor, lookup('::1'))).to.deep.equal([{ address: '::1', family: 6 }]);
    expect(fdCount(), 'no resolver thread for a literal').to.equal(before);
    const local = block(reactor, lookup('localhost')).map((a) => a.address);
    expect(local.some((a) => a === '127.0.0.1' || a === '::1')).to.equal(true);
    expect(() => block(reactor, lookup(UNRESOLVABLE))).to.throw().with.property('code', 'ENOTFOUND');
  });

  it('rejects malformed addresses with ERR_INVALID_ADDRESS', () => {
    for (const a of ['nope', 'host:', ':80', 'h:99999']) {
      expect(() => TcpStream.connect(a)).to.throw().with.property('code', 'ERR_INVALID_ADDRESS');
    }
  });
});

describe('tryRead', () => {
  it('reads what is there, or says WOULD_BLOCK without leaving a waiter behind', () => {
    using reactor = new Reactor();
    const [a, b] = net.tcpPair();
    const stream = reactor.enter(() => wrapStream(b));
    const buf = new Uint8Array(8);
    expect(stream.tryRead(buf)).to.equal(WOULD_BLOCK);
    expect(reactor.isIdle()).to.equal(true);
    a.write(bytes('hi'));
    expect(stream.tryRead(buf)).to.equal(2);
    a.close();
    expect(stream.tryRead(buf)).to.equal(0);
    stream.close();
  });
});
