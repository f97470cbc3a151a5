// Async Unix domain sockets: the reactor's UnixStream/UnixListener over a path and an abstract
// name, the connect errors (ENOENT, ECONNREFUSED, too long) and fds back to the baseline.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { Waker, coroutine, join as joinAll, wait } from '@ferrite/future';
import { Reactor, UnixListener, UnixStream, WOULD_BLOCK } from '../src/index.js';
import { block, echoRoundTrip, fdCount } from './util/index.js';

describe('async Unix sockets', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ferrite-reactor-unix-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const [label, name] of [['a path', () => join(dir, 's.sock')], ['an abstract name', () => `\0ferrite-reactor-${process.pid}`]] as const) {
    it(`${label}: connect, accept, writeAll, readToEnd, shutdown, pollRead/tryRead, fds back`, () => {
      using reactor = new Reactor();
      const before = fdCount();
      const path = name();
      const listener = UnixListener.bind(path);
      expect(listener.localAddr()).to.deep.equal({ path, family: 'Unix' });
      echoRoundTrip(reactor, listener, () => UnixStream.connect(path), 1024 * 1024, {
        accepted: (peer) => expect(peer.path).to.equal(''),
        connected: (stream) => expect(stream.peerAddr()).to.deep.equal({ path, family: 'Unix' }),
      });
      listener.close();
      expect(reactor.registrations).to.equal(0);
      expect(fdCount()).to.equal(before);
    });
  }

  it('a missing path is ENOENT (address: the path), one nobody listens on ECONNREFUSED; no fd left', () => {
    using reactor = new Reactor();
    const before = fdCount();
    const missing = join(dir, 'missing.sock');
    expect(() => block(reactor, UnixStream.connect(missing))).to.throw().that.includes({ code: 'ENOENT', syscall: 'connect', address: missing });
    const stale = join(dir, 'stale.sock');
    UnixListener.bind(stale).close();
    expect(() => block(reactor, UnixStream.connect(stale))).to.throw().that.includes({ code: 'ECONNREFUSED', syscall: 'connect' });
    expect(reactor.registrations).to.equal(0);
    expect(fdCount()).to.equal(before);
  });

  it('a path too long for sun_path is ERR_INVALID_ARG_VALUE at the first poll (connect is lazy)', () => {
    using reactor = new Reactor();
    const long = join(dir, 'x'.repeat(200));
    const connect = UnixStream.connect(long); // nothing happens yet
    expect(() => block(reactor, connect)).to.throw().with.property('code', 'ERR_INVALID_ARG_VALUE');
    expect(() => UnixListener.bind(long)).to.throw().with.property('code', 'ERR_INVALID_ARG_VALUE');
  });

  it('tryRead on a quiet stream is WOULD_BLOCK; watchIdle sees the peer close; two readers both see the end; close() wakes a waiting accept with ERR_CLOSED', () => {
    using reactor = new Reactor();
    const path = join(dir, 'w.sock');
    const listener = UnixListener.bind(path);
    const [client, [server]] = block(reactor, joinAll(UnixStream.connect(path), listener.accept()));
    const buf = new Uint8Array(8);
    expect(client.tryRead(buf)).to.equal(WOULD_BLOCK);
    let woken = 0;
    client.watchIdle(Waker.from(() => woken++));
    server.close();
    for (let i = 0; i < 50 && woken === 0; i++) reactor.turn(100);
    expect(woken).to.equal(1);
    client.watchIdle(null);
    const [a, b] = block(reactor, joinAll(client.read(buf), client.read(new Uint8Array(8))));
    expect([a, b]).to.deep.equal([0, 0]);
    client.close();
    const pending = listener.accept();
    const closer = coroutine(function* () {
      listener.close();
      return yield* wait(pending);
    })();
    expect(() => block(reactor, closer)).to.throw().with.property('code', 'ERR_CLOSED');
  });
});
