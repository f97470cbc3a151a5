import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import { Events, Interest, Poll, WOULD_BLOCK, net } from '../src/index.js';
import { bytes, drain, expectCode, socketPair } from './util/index.js';

const O_CLOEXEC = 0o2000000;
const O_NONBLOCK = 0o4000;

function fdFlags(fd: number): number {
  const info = readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8');
  return parseInt(/flags:\s*(\d+)/.exec(info)![1]!, 8);
}

describe('TcpStream and TcpListener', () => {
  for (const host of ['127.0.0.1', '::1']) {
    it(`${host}: read/write/addresses; read and accept return WOULD_BLOCK when empty`, () => {
      const [a, b] = socketPair(host);
      using _a = a;
      using _b = b;
      const family = host.includes(':') ? 'IPv6' : 'IPv4';
      expect(a.localAddr()).to.include({ address: host, family });
      expect(a.peerAddr()).to.deep.equal(b.localAddr());
      expect(b.peerAddr()).to.deep.equal(a.localAddr());
      const buf = new Uint8Array(16);
      expect(b.read(buf)).to.equal(WOULD_BLOCK);
      expect(a.write(bytes('hello'))).to.equal(5);
      // Loopback delivery is synchronous.
      expect(b.read(buf)).to.equal(5);
      expect(new TextDecoder().decode(buf.subarray(0, 5))).to.equal('hello');
      expect(b.read(buf)).to.equal(WOULD_BLOCK);
    });
  }

  it('accepts "[::1]:port" strings and returns WOULD_BLOCK from accept() with no client', () => {
    using listener = net.TcpListener.bind('[::1]:0');
    expect(listener.localAddr().family).to.equal('IPv6');
    expect(listener.accept()).to.equal(WOULD_BLOCK);
  });

  it('creates sockets non-blocking and close-on-exec', () => {
    const [a, b] = socketPair();
    using _a = a;
    using _b = b;
    using listener = net.TcpListener.bind('127.0.0.1:0');
    for (const fd of [a.fd, b.fd, listener.fd]) {
      expect(fdFlags(fd) & O_CLOEXEC, `fd ${fd} CLOEXEC`).to.equal(O_CLOEXEC);
      expect(fdFlags(fd) & O_NONBLOCK, `fd ${fd} NONBLOCK`).to.equal(O_NONBLOCK);
    }
  });

  it('write returns WOULD_BLOCK once the socket buffers are full', () => {
    const [a, b] = socketPair();
    using _a = a;
    using _b = b;
    const chunk = new Uint8Array(256 * 1024);
    let total = 0;
    for (let i = 0; i < 10_000; i++) {
      const n = a.write(chunk);
      if (n === WOULD_BLOCK) break;
      total += n;
    }
    expect(a.write(chunk)).to.equal(WOULD_BLOCK);
    expect(drain(b)).to.be.greaterThan(0);
    expect(total).to.be.greaterThan(0);
  });

  it("peer shutdown shows isReadClosed(), then read() returns 0 (EOF)", () => {
    using poll = new Poll();
    const events = new Events(4);
    const [a, b] = socketPair();
    using _a = a;
    using _b = b;
    poll.registry().register(b, 1, Interest.READABLE);
    a.shutdown('write');
    expect(poll.poll(events, 1000)).to.equal(1);
    expect(events.get(0).isReadClosed()).to.equal(true);
    expect(events.get(0).isWriteClosed()).to.equal(false);
    expect(b.read(new Uint8Array(8))).to.equal(0);
  });

  it('a closed peer makes writes fail with EPIPE or ECONNRESET, never SIGPIPE', () => {
    const [a, b] = socketPair();
    using _a = a;
    b.close();
    let code: string | undefined;
    for (let i = 0; i < 100 && code === undefined; i++) {
      try {
        a.write(bytes('x'));
      } catch (err) {
        code = (err as { code: string }).code;
      }
    }
    expect(code).to.be.oneOf(['EPIPE', 'ECONNRESET']);
  });

  it('setNodelay() and shutdown() validate and work', () => {
    const [a, b] = socketPair();
    using _a = a;
    using _b = b;
    a.setNodelay(true);
    a.setNodelay(false);
    expectCode(() => a.shutdown('sideways' as never), 'ERR_INVALID_ARG_VALUE');
    a.shutdown('both');
  });

  it('rejects malformed addresses and host names with ERR_INVALID_ADDRESS', () => {
    for (const addr of ['127.0.0.1', 'localhost:80', '127.0.0.1:99999', '::1:80', ':80', { host: '1.2.3.4', port: -1 }]) {
      expectCode(() => net.TcpStream.connect(addr as never), 'ERR_INVALID_ADDRESS');
    }
  });

  it('bind on a taken port is EADDRINUSE', () => {
    using first = net.TcpListener.bind('127.0.0.1:0');
    expectCode(() => net.TcpListener.bind(`127.0.0.1:${first.localAddr().port}`), 'EADDRINUSE');
  });

  it('every method throws ERR_CLOSED after close(), which is idempotent', () => {
    const [a, b] = socketPair();
    b.close();
    a.close();
    a.close();
    expect(a.fd).to.equal(-1);
    for (const use of [
      () => a.read(new Uint8Array(1)),
      () => a.write(new Uint8Array(1)),
      () => a.shutdown(),
      () => a.takeError(),
      () => a.setNodelay(),
      () => a.localAddr(),
      () => a.peerAddr(),
    ]) {
      expectCode(use, 'ERR_CLOSED');
    }
  });
});

describe('tcpPair()', () => {
  for (const host of ['127.0.0.1', '::1']) {
    it(`${host}: a connected non-blocking pair, the listener gone`, () => {
      const before = readdirSync('/proc/self/fd').length;
      const [a, b] = net.tcpPair(host);
      try {
        expect(a.peerAddr()).to.deep.equal(b.localAddr());
        expect(readdirSync('/proc/self/fd').length).to.equal(before + 2);
        expect(a.write(bytes('ab'))).to.equal(2);
        expect(b.read(new Uint8Array(4))).to.equal(2);
        expect(b.read(new Uint8Array(4))).to.equal(WOULD_BLOCK);
      } finally {
        a.close();
        b.close();
      }
    });
  }
});
