import { expect } from 'chai';
import { runChild } from './util/child.js';
import { Events, Interest, Poll, Resolver } from '../src/index.js';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { expectCode } from './util/index.js';

// A label over 63 bytes: getaddrinfo refuses it locally (ENOTFOUND) and no DNS query leaves the
// machine, where a plain unknown name would be sent to the configured nameserver.
const UNRESOLVABLE = `${'a'.repeat(64)}.invalid`;

/** Closes and waits until the thread has let go of the eventfd, so later fd counts are exact. */
function closeAndWait(resolver: Resolver): void {
  const fd = resolver.fd;
  resolver.close();
  const deadline = Date.now() + 10_000;
  while (fd >= 0 && existsSync(`/proc/self/fd/${fd}`) && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
}

describe('Resolver: getaddrinfo off the JS thread', () => {
  const made: Resolver[] = [];
  const make = () => {
    const r = new Resolver();
    made.push(r);
    return r;
  };
  afterEach(() => made.splice(0).forEach(closeAndWait));

  it('resolves localhost; the answer arrives through a readable fd', () => {
    using poll = new Poll();
    const resolver = make();
    const events = new Events(4);
    poll.registry().register(resolver, 5, Interest.READABLE);
    const id = resolver.lookup('localhost');
    expect(resolver.pending).to.equal(1);
    expect(poll.poll(events, 5000)).to.equal(1);
    expect(events.get(0).token).to.equal(5);
    const [answer] = resolver.drain();
    expect(answer!.id).to.equal(id);
    expect(answer!.error).to.equal(null);
    const ips = answer!.addresses!.map((a) => a.address);
    expect(ips.some((ip) => ip === '127.0.0.1' || ip === '::1')).to.equal(true);
    expect(resolver.pending).to.equal(0);
  });

  it('reports an unknown name as ENOTFOUND with hostname and syscall', () => {
    using poll = new Poll();
    const resolver = make();
    const events = new Events(4);
    poll.registry().register(resolver, 1, Interest.READABLE);
    resolver.lookup(UNRESOLVABLE);
    poll.poll(events, 10_000);
    const [answer] = resolver.drain();
    expect(answer!.addresses).to.equal(null);
    expect(answer!.error).to.include({ code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname: UNRESOLVABLE });
  });

  it('drops the answer of a cancelled lookup', () => {
    using poll = new Poll();
    const resolver = make();
    const events = new Events(4);
    poll.registry().register(resolver, 1, Interest.READABLE);
    resolver.cancel(resolver.lookup('localhost'));
    poll.poll(events, 5000);
    expect(resolver.drain()).to.deep.equal([]);
  });

  it('rejects bad names, and use after close; closing releases its fd', () => {
    const resolver = new Resolver();
    const fd = resolver.fd;
    expect(readlinkSync(`/proc/self/fd/${fd}`)).to.equal('anon_inode:[eventfd]');
    for (const bad of ['', 'a b', 'x\0y']) expectCode(() => resolver.lookup(bad), 'ERR_INVALID_ARG_VALUE');
    resolver.lookup('localhost');
    resolver.close();
    resolver.close();
    expect(resolver.fd).to.equal(-1);
    expectCode(() => resolver.lookup('localhost'), 'ERR_CLOSED');
    // The thread finishes its lookup, then lets go of the eventfd.
    const deadline = Date.now() + 10_000;
    while (existsSync(`/proc/self/fd/${fd}`) && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    expect(existsSync(`/proc/self/fd/${fd}`)).to.equal(false);
  });

  it('starts its thread at the first lookup and joins it on close(): no thread outlives it', () => {
    const threads = () => readdirSync('/proc/self/task').length;
    const before = threads();
    const resolvers = Array.from({ length: 20 }, () => new Resolver());
    expect(threads(), 'no thread before the first lookup').to.equal(before);
    for (const r of resolvers) r.lookup('localhost');
    expect(threads()).to.equal(before + 20);
    for (const r of resolvers) r.close();
    expect(threads()).to.equal(before);
  });

  it('a thread that cannot be created is a coded error (EAGAIN), with nothing left open', () => {
    // Address space capped just above what the process uses: the thread's stack cannot be mapped.
    const r = runChild(`
      const { execFileSync } = await import('node:child_process');
      const fs = await import('node:fs');
      const fds = () => fs.readdirSync('/proc/self/fd').length;
      const vm = Number(/VmSize:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
      const before = fds();
      execFileSync('prlimit', ['--pid', String(process.pid), '--as=' + (vm + 4 * 1024 * 1024) + ':unlimited']);
      let error;
      const resolver = new epoll.Resolver(); // no thread yet: that comes with the first lookup
      try { resolver.lookup('localhost'); } catch (e) { error = e; }
      resolver.close();
      const after = fds();
      execFileSync('prlimit', ['--pid', String(process.pid), '--as=unlimited:unlimited']);
      const again = new epoll.Resolver(); // works once threads can be made again
      again.lookup('localhost');
      again.close();
      console.log(JSON.stringify({ code: error?.code, syscall: error?.syscall, leaked: after - before }));
    `);
    expect(r.signal, r.stderr).to.equal(null);
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout)).to.deep.equal({ code: 'EAGAIN', syscall: 'pthread_create', leaked: 0 });
  });
});
