import { expect } from 'chai';
import { Interest, Poll, TimerFd, WOULD_BLOCK, net } from '@ferrite/epoll';
import { fdCount } from './util/index.js';

// Review of "OwnedFd keeps its fd number in JavaScript": once closed, an object must never act
// on its old fd number, even after the kernel handed that number to a new fd.
describe('review: an OwnedFd closed, its number reused by a new fd', () => {
  const codeOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      return (err as { code?: string }).code;
    }
    return 'no error';
  };

  it('TimerFd: the old object reads -1 and refuses with ERR_CLOSED; the new fd is untouched', () => {
    const fds = fdCount();
    const old = new TimerFd();
    const n = old.fd;
    old.close();
    const fresh = new TimerFd();
    expect(fresh.fd).to.equal(n); // the kernel gives the lowest free number: the old one
    expect(old.fd).to.equal(-1);
    expect(codeOf(() => old.set(0))).to.equal('ERR_CLOSED');
    expect(codeOf(() => old.read())).to.equal('ERR_CLOSED');
    expect(codeOf(() => old.clear())).to.equal('ERR_CLOSED');
    old.close(); // idempotent: must not close the new fd
    expect(fresh.fd).to.equal(n);
    expect(fresh.read()).to.equal(WOULD_BLOCK); // still open, still ours
    fresh.close();
    expect(fdCount()).to.equal(fds);
  });

  it('TcpStream: reads, writes and registration of the old object fail with a code; the new stream works', () => {
    const fds = fdCount();
    const listener = net.TcpListener.bind('127.0.0.1:0');
    const port = listener.localAddr().port;
    const poll = new Poll();
    const old = net.TcpStream.connect(`127.0.0.1:${port}`);
    const n = old.fd;
    old.close();
    const fresh = net.TcpStream.connect(`127.0.0.1:${port}`);
    expect(fresh.fd).to.equal(n);
    const buf = new Uint8Array(16);
    expect(old.fd).to.equal(-1);
    expect(codeOf(() => old.read(buf))).to.equal('ERR_CLOSED');
    expect(codeOf(() => old.write(buf))).to.equal('ERR_CLOSED');
    expect(codeOf(() => poll.registry().register(old, 1, Interest.READABLE))).to.be.a('string').and.not.equal('no error');
    old.close();
    // The new stream was not registered, shut or closed through the old object.
    expect(codeOf(() => poll.registry().register(fresh, 2, Interest.READABLE))).to.equal('no error');
    poll.registry().deregister(fresh);
    expect(fresh.read(buf)).to.equal(WOULD_BLOCK);
    for (const c of [fresh, poll, listener]) c.close();
    expect(fdCount()).to.equal(fds);
  });
});
