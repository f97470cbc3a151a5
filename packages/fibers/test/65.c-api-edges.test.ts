// The C API at its edges: Externals that are not a good handle (another addon's, a table of
// another version or size), fds that cannot be waited on, timeouts and durations at the ends of
// their 64-bit ranges, a channel id of another runtime. Through the probe (test/native/capi-probe.cc).
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { net } from '@ferrite/epoll';
import { FiberRuntime } from '../src/index.js';
import { Kind, loadProbe, reports } from './util/probe.js';
import { fdCount, modes } from './util/modes.js';

const EBADF = -9, EPERM = -1, EEXIST = -17, EINVAL = -22, ENOENT = -2, ENOTSUP = -95, ETIMEDOUT = -110;

describe('the C API: ferrite_fibers_import refuses what is not a handle', () => {
  it('an untagged External and one tagged by another addon: -EINVAL; NULL data: -EINVAL', () => {
    const probe = loadProbe();
    expect([0, 1, 5].map((k) => probe.importCode(probe.foreignExternal(k)))).to.deep.equal([EINVAL, EINVAL, EINVAL]);
  });

  it("ferrite's tag on a table of another major version, a shorter table, or none: -ENOTSUP", () => {
    const probe = loadProbe();
    expect([2, 3, 4].map((k) => probe.importCode(probe.foreignExternal(k)))).to.deep.equal([ENOTSUP, ENOTSUP, ENOTSUP]);
  });
});

for (const [mode, runIt] of Object.entries(modes)) {
  describe(`the C API at its edges, ${mode}`, () => {
    it('fds: a huge number is -EBADF, a regular file -EPERM, a second waiter -EEXIST (the first still wakes)', async () => {
      const probe = loadProbe();
      using rt = new FiberRuntime();
      const { channel: ch, byId } = reports(rt);
      const dir = mkdtempSync(join(tmpdir(), 'ferrite-capi-fd-'));
      const file = openSync(join(dir, 'f'), 'w');
      const [a, b] = net.tcpPair();
      const ids = [
        probe.spawn(rt.nativeHandle(), ch, Kind.waitReadable, 2 ** 31 - 1, -1, ''),
        probe.spawn(rt.nativeHandle(), ch, Kind.waitReadable, file, -1, ''),
        probe.spawn(rt.nativeHandle(), ch, Kind.waitReadable, b.fd, 10_000, ''), // waits
        probe.spawn(rt.nativeHandle(), ch, Kind.waitReadable, b.fd, -1, ''), // the second waiter
      ];
      a.write(new Uint8Array([1]));
      await runIt(rt);
      expect(ids.map((id) => byId[id])).to.deep.equal([EBADF, EPERM, 0, EEXIST]);
      closeSync(file);
      rmSync(dir, { recursive: true });
      a.close();
      b.close();
    });

    it('timeouts at the ends of int64: INT64_MIN and -2 are -EINVAL; INT64_MAX and 2^53 wait (ready fd: 0); 0 polls', async () => {
      const probe = loadProbe();
      using rt = new FiberRuntime();
      const { channel: ch, byId } = reports(rt);
      const [a, b] = net.tcpPair();
      const [c, d] = net.tcpPair();
      const [e, f] = net.tcpPair();
      a.write(new Uint8Array([1]));
      c.write(new Uint8Array([1]));
      const ids = [
        probe.spawn(rt.nativeHandle(), ch, Kind.waitReadable, b.fd, -(2n ** 63n), ''),
        probe.spawn(rt.nativeHandle(), ch, Kind.waitReadable, b.fd, -2n, ''),
        probe.spawn(rt.nativeHandle(), ch, Kind.waitReadable, b.fd, 2n ** 63n - 1n, ''),
        probe.spawn(rt.nativeHandle(), ch, Kind.waitWritable, d.fd, 2n ** 53n, ''),
        probe.spawn(rt.nativeHandle(), ch, Kind.waitReadable, f.fd, 0n, ''),
      ];
      await runIt(rt);
      expect(ids.map((id) => byId[id])).to.deep.equal([EINVAL, EINVAL, 0, 0, ETIMEDOUT]);
      for (const s of [a, b, c, d, e, f]) s.close();
    });

    it("another runtime's handle from one of our fibers: -EPERM (that runtime runs no fiber), -EBADF once closed; current 0", async () => {
      const probe = loadProbe();
      using rt = new FiberRuntime();
      const other = new FiberRuntime();
      const idle = reports(rt);
      const closed = reports(rt);
      const [a, b] = net.tcpPair();
      const otherHandle = other.nativeHandle();
      probe.spawn(rt.nativeHandle(), idle.channel, Kind.otherRuntime, b.fd, 0, '', otherHandle);
      await runIt(rt);
      other.close();
      probe.spawn(rt.nativeHandle(), closed.channel, Kind.otherRuntime, b.fd, 0, '', otherHandle);
      await runIt(rt);
      expect(idle.byLabel).to.deep.equal({ yield: EPERM, sleep: EPERM, wait: EPERM, callJs: EPERM, current: 0 });
      expect(closed.byLabel).to.deep.equal({ yield: EBADF, sleep: EBADF, wait: EBADF, callJs: EBADF, current: 0 });
      a.close();
      b.close();
    });

    it("a channel id of another runtime is -ENOENT, never that runtime's function nor ours", async () => {
      const probe = loadProbe();
      using rt = new FiberRuntime();
      using other = new FiberRuntime();
      const calls: string[] = [];
      const ours = rt.channel((_id, label, n) => void calls.push(`ours ${String(label)} ${String(n)}`));
      const theirs = other.channel(() => void calls.push('theirs'));
      probe.spawn(rt.nativeHandle(), ours, Kind.callChannel, -1, theirs, '');
      await runIt(rt);
      expect(calls).to.deep.equal([`ours other ${ENOENT}`]);
    });
  });
}

describe('the C API: fds and durations outside the run modes', () => {
  it('a closed fd is -EBADF (run() opens no fd that could take its number)', () => {
    const probe = loadProbe();
    using rt = new FiberRuntime();
    const { channel: ch, byLabel } = reports(rt);
    const dir = mkdtempSync(join(tmpdir(), 'ferrite-capi-fd-'));
    const closed = openSync(join(dir, 'g'), 'w');
    closeSync(closed);
    rmSync(dir, { recursive: true });
    probe.spawn(rt.nativeHandle(), ch, Kind.waitReadable, closed, -1, '');
    rt.run();
    expect(byLabel).to.deep.equal({ wait: EBADF });
  });

  it('an fd closed while a fiber waits on it: the wait ends by its timeout only (epoll forgets closed files)', () => {
    const probe = loadProbe();
    using rt = new FiberRuntime();
    const { channel: ch, byLabel } = reports(rt);
    const [a, b] = net.tcpPair();
    probe.spawn(rt.nativeHandle(), ch, Kind.waitReadable, b.fd, 30, '');
    rt.step(); // registered
    b.close();
    a.write(new Uint8Array([1]));
    rt.run();
    expect(byLabel).to.deep.equal({ wait: ETIMEDOUT });
    a.close();
  });

  it('sleep(UINT64_MAX) and sleep(2^63) last until close(), which runs their cleanups; no fd left', () => {
    const probe = loadProbe();
    const fds = fdCount();
    const rt = new FiberRuntime();
    const before = probe.cleanups();
    for (const ms of [2n ** 64n - 1n, 2n ** 63n]) probe.spawn(rt.nativeHandle(), 0, Kind.sleep, -1, ms, '');
    for (let i = 0; i < 3; i++) rt.step();
    expect(rt.stats().live).to.equal(2);
    rt.close();
    expect(probe.cleanups() - before).to.equal(2);
    expect(fdCount()).to.equal(fds);
  });

  it('a thread that does not own the runtime is -EPERM even once the runtime is closed (its state is not read there)', () => {
    const probe = loadProbe();
    const rt = new FiberRuntime();
    const handle = rt.nativeHandle();
    rt.close();
    expect(probe.fromAnotherThread(handle)).to.equal(EPERM);
  });
});
