// Unix domain sockets: a path and an abstract name, the errors of a missing, refusing, forbidden
// or too long path (one errno path; never a truncated name), and fds back to the baseline.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { EpollError, Events, Interest, Poll, WOULD_BLOCK, net } from '../src/index.js';
import { bytes, openFds } from './util/index.js';

/** Waits (level-triggered) until `accept()` gives a connection. */
function acceptOne(listener: net.UnixListener): [net.UnixStream, { path: string }] {
  using poll = new Poll();
  const events = new Events(1);
  poll.registry().register(listener, 0, Interest.READABLE, { mode: 'level' });
  for (let i = 0; i < 100; i++) {
    const r = listener.accept();
    if (r !== WOULD_BLOCK) return r;
    poll.poll(events, 100);
  }
  throw new Error('no connection accepted');
}

function readSome(stream: net.UnixStream): string {
  using poll = new Poll();
  const events = new Events(1);
  poll.registry().register(stream, 0, Interest.READABLE, { mode: 'level' });
  const buf = new Uint8Array(64);
  for (let i = 0; i < 100; i++) {
    const n = stream.read(buf);
    if (n !== WOULD_BLOCK) return new TextDecoder().decode(buf.subarray(0, n));
    poll.poll(events, 100);
  }
  throw new Error('nothing to read');
}

function expectSystem(fn: () => unknown, code: string, syscall: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).to.have.property('name', 'SystemError');
    expect(e).to.include({ code, syscall });
    return;
  }
  expect.fail(`expected ${code}`);
}

function roundTrip(address: string): void {
  using listener = net.UnixListener.bind(address);
  expect(listener.localAddr()).to.deep.equal({ path: address, family: 'Unix' });
  using client = net.UnixStream.connect(address);
  const [server, peer] = acceptOne(listener);
  using s = server;
  expect(peer).to.deep.equal({ path: '', family: 'Unix' });
  expect(client.takeError()).to.equal(null);
  expect(client.peerAddr()).to.deep.equal({ path: address, family: 'Unix' });
  expect(client.localAddr()).to.deep.equal({ path: '', family: 'Unix' });
  expect(client.write(bytes('ping'))).to.equal(4);
  expect(readSome(s)).to.equal('ping');
  s.write(bytes('pong'));
  s.shutdown('write');
  expect(readSome(client)).to.equal('pong');
  expect(readSome(client)).to.equal('');
}

describe('Unix domain sockets', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ferrite-unix-'));
  });
  afterEach(() => {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects to a path, exchanges bytes both ways, and sees the EOF', () => {
    const before = openFds();
    roundTrip(join(dir, 's.sock'));
    expect(openFds()).to.deep.equal(before);
  });

  it('connects to an abstract name (a leading NUL): no file is made', () => {
    roundTrip(`\0ferrite-test-${process.pid}-${Date.now()}`);
  });

  it('a missing path is ENOENT, a path nobody listens on ECONNREFUSED (syscall connect)', () => {
    expectSystem(() => net.UnixStream.connect(join(dir, 'missing.sock')), 'ENOENT', 'connect');
    const stale = join(dir, 'stale.sock');
    net.UnixListener.bind(stale).close(); // the file stays; nobody listens on it
    expectSystem(() => net.UnixStream.connect(stale), 'ECONNREFUSED', 'connect');
    expectSystem(() => net.UnixListener.bind(stale), 'EADDRINUSE', 'bind');
    writeFileSync(join(dir, 'plain'), '');
    expectSystem(() => net.UnixStream.connect(join(dir, 'plain')), 'ECONNREFUSED', 'connect');
  });

  it('a path too long for sun_path is ERR_INVALID_ARG_VALUE, never a truncated name', () => {
    const long = join(dir, 'x'.repeat(120));
    for (const fn of [() => net.UnixStream.connect(long), () => net.UnixListener.bind(long)]) {
      expect(fn).to.throw(EpollError).with.property('code', 'ERR_INVALID_ARG_VALUE');
    }
    // 107 bytes of path is the most that fits with its NUL; 108 of an abstract name.
    const fits = join(dir, 'y'.repeat(107 - dir.length - 1));
    net.UnixListener.bind(fits).close();
    expect(() => net.UnixListener.bind(fits + 'z')).to.throw(EpollError).with.property('code', 'ERR_INVALID_ARG_VALUE');
    net.UnixListener.bind('\0' + 'a'.repeat(107)).close();
    expect(() => net.UnixListener.bind('\0' + 'a'.repeat(108))).to.throw(EpollError).with.property('code', 'ERR_INVALID_ARG_VALUE');
  });

  it('bad paths are coded errors: empty, NUL inside, not a string', () => {
    expect(() => net.UnixStream.connect('')).to.throw(EpollError).with.property('code', 'ERR_INVALID_ARG_VALUE');
    expect(() => net.UnixStream.connect('/tmp/a\0b')).to.throw(EpollError).with.property('code', 'ERR_INVALID_ARG_VALUE');
    expect(() => net.UnixStream.connect(5 as unknown as string)).to.throw(EpollError).with.property('code', 'ERR_INVALID_ARG_TYPE');
    expect(() => net.UnixListener.bind(join(dir, 'b.sock'), { backlog: 0 })).to.throw(EpollError).with.property('code', 'ERR_INVALID_ARG_VALUE');
  });

  it('a directory that forbids it: EACCES from connect and bind', () => {
    const locked = join(dir, 'locked');
    const path = join(locked, 's.sock');
    mkdirSync(locked);
    const listener = net.UnixListener.bind(path); // listening, so only the permission can refuse
    chmodSync(locked, 0o000);
    chmodSync(dir, 0o755);
    try {
      if (process.getuid?.() === 0) {
        // root passes every permission check: ask as an unprivileged user, in a child process.
        const probe = `const { net } = await import(${JSON.stringify(new URL('../src/index.ts', import.meta.url).href)});
          const out = [];
          for (const f of [() => net.UnixStream.connect(${JSON.stringify(path)}), () => net.UnixListener.bind(${JSON.stringify(join(locked, 'other.sock'))})]) {
            try { f().close(); out.push('ok'); } catch (e) { out.push(e.code + ' ' + e.syscall); }
          }
          process.stdout.write(JSON.stringify(out));`;
        const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe],
          { uid: 65534, gid: 65534, encoding: 'utf8', cwd: new URL('..', import.meta.url).pathname });
        expect(r.status, r.stderr).to.equal(0);
        expect(JSON.parse(r.stdout)).to.deep.equal(['EACCES connect', 'EACCES bind']);
      } else {
        expectSystem(() => net.UnixStream.connect(path), 'EACCES', 'connect');
        expectSystem(() => net.UnixListener.bind(join(locked, 'other.sock')), 'EACCES', 'bind');
      }
    } finally {
      chmodSync(locked, 0o700);
      listener.close();
    }
  });

  it('closed streams and listeners are ERR_CLOSED; close() is idempotent', () => {
    const listener = net.UnixListener.bind(join(dir, 'c.sock'));
    listener.close();
    listener.close();
    expect(() => listener.accept()).to.throw(EpollError).with.property('code', 'ERR_CLOSED');
    expect(listener.fd).to.equal(-1);
  });
});
