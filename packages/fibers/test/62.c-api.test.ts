// The C API from a consumer addon that knows only the header (test/native/capi-probe.cc): the
// table and its import check, waits with timeouts, sleeps, the value channel both ways, what it
// refuses, and cleanup once per fiber. The same suite in both run modes.
import { expect } from 'chai';
import { net } from '@ferrite/epoll';
import { FiberRuntime } from '../src/index.js';
import { Kind, loadProbe, reports } from './util/probe.js';
import { modes } from './util/modes.js';

const ENOENT = -2, EBADF = -9, EPERM = -1, EINVAL = -22, ETIMEDOUT = -110;

describe('the C API: import', () => {
  it('a nativeHandle() imports; the table says version 1 and its size', () => {
    const probe = loadProbe();
    using rt = new FiberRuntime();
    expect(probe.importCode(rt.nativeHandle())).to.equal(0);
    const [version, size] = probe.tableInfo(rt.nativeHandle());
    expect(version).to.equal(1);
    expect(size).to.equal(8 + 7 * 8);
  });

  it('anything else is -EINVAL: another External, objects, numbers', () => {
    const probe = loadProbe();
    for (const v of [undefined, null, 1, 'x', {}, () => {}, probe]) expect(probe.importCode(v)).to.equal(EINVAL);
  });

  it('wait, yield, sleep and call_js outside a fiber are -EPERM; current is 0', () => {
    const probe = loadProbe();
    using rt = new FiberRuntime();
    expect(probe.outsideFiber(rt.nativeHandle())).to.deep.equal([EPERM, EPERM, EPERM, EPERM, EPERM, 0]);
  });

  it('spawn from a thread that does not own the runtime is -EPERM, and nothing is spawned', () => {
    const probe = loadProbe();
    using rt = new FiberRuntime();
    expect(probe.fromAnotherThread(rt.nativeHandle())).to.equal(EPERM);
    expect(rt.stats().spawned).to.equal(0);
  });

  it('after close(), spawn is -EBADF and a kept handle still reads (no use-after-free)', () => {
    const probe = loadProbe();
    const rt = new FiberRuntime();
    const handle = rt.nativeHandle();
    rt.close();
    expect(probe.spawn(handle, 1, Kind.yielder, -1, 1, '')).to.equal(EBADF);
    expect(probe.outsideFiber(handle)).to.deep.equal([EBADF, EBADF, EBADF, EBADF, EBADF, 0]);
  });
});

for (const [mode, runIt] of Object.entries(modes)) {
  describe(`the C API, ${mode}`, () => {
    it('wait_readable: ready before the timeout is 0, a silent socket times out (-ETIMEDOUT)', async () => {
      const probe = loadProbe();
      using rt = new FiberRuntime();
      const seen: [number, string, number][] = [];
      const ch = rt.channel((id, label, n) => void seen.push([id, label as string, n as number]));
      const [a, b] = net.tcpPair();
      const [c, d] = net.tcpPair();
      a.write(new Uint8Array([1]));
      const ready = probe.spawn(rt.nativeHandle(), ch, Kind.waitReadable, b.fd, 10_000, '');
      const silent = probe.spawn(rt.nativeHandle(), ch, Kind.waitReadable, d.fd, 20, '');
      const writable = probe.spawn(rt.nativeHandle(), ch, Kind.waitWritable, c.fd, -1, '');
      await runIt(rt);
      expect(seen).to.have.deep.members([[ready, 'wait', 0], [silent, 'wait', ETIMEDOUT], [writable, 'wait', 0]]);
      for (const s of [a, b, c, d]) s.close();
    });

    it('sleep is 0 and current() is the fiber\'s id', async () => {
      const probe = loadProbe();
      using rt = new FiberRuntime();
      const seen: unknown[] = [];
      const ch = rt.channel((_id, label, n) => void seen.push([label, n]));
      const id = probe.spawn(rt.nativeHandle(), ch, Kind.sleep, -1, 5, '');
      await runIt(rt);
      expect(seen).to.deep.equal([['sleep', 0], ['current', id]]);
    });

    it('values cross both ways: number, string, bytes, undefined in; each result type back', async () => {
      const probe = loadProbe();
      using rt = new FiberRuntime();
      const returns: unknown[] = [42, 'réponse', new Uint8Array([9, 8]), null, true, undefined];
      const got: unknown[][] = [];
      let asked = 0;
      const ch = rt.channel((_id, kind, ...rest) => {
        if (kind === 'values') {
          got.push(rest);
          return returns[asked++] as never;
        }
        got.push([kind, ...rest]);
      });
      for (let i = 0; i < returns.length; i++) probe.spawn(rt.nativeHandle(), ch, Kind.values, -1, 0, 'héllo');
      await runIt(rt);
      const ins = got.filter((g) => g[0] !== 'result');
      for (const v of ins) {
        expect(v[0]).to.equal(1.5);
        expect(v[1]).to.equal('héllo');
        expect(v[2]).to.be.instanceOf(Uint8Array);
        expect([...(v[2] as Uint8Array)]).to.deep.equal([0, 1, 255]);
        expect(v[3]).to.equal(undefined);
      }
      const outs = got.filter((g) => g[0] === 'result').map((g) => g.slice(1));
      expect(outs.map((o) => [o[0], o[1]])).to.deep.equal([[0, 1], [0, 2], [0, 3], [0, 0], [0, 1], [0, 0]]);
      expect(outs[0][2]).to.equal(42);
      expect(outs[1][2]).to.equal('réponse');
      expect([...(outs[2][2] as Uint8Array)]).to.deep.equal([9, 8]);
      expect(outs[4][2]).to.equal(1);
    });

    it('a throwing channel function: the fiber hears FERRITE_FIBER_THREW with the message; the run goes on', async () => {
      const probe = loadProbe();
      using rt = new FiberRuntime();
      const results: unknown[][] = [];
      let calls = 0;
      const ch = rt.channel((_id, kind, ...rest) => {
        if (kind === 'values') {
          calls++;
          if (calls === 1) throw new Error('no thanks');
          if (calls === 2) throw 'a string'; // eslint-disable-line no-throw-literal
          return {} as never; // not a value a fiber can take
        }
        results.push(rest);
      });
      for (let i = 0; i < 3; i++) probe.spawn(rt.nativeHandle(), ch, Kind.values, -1, 0, '');
      await runIt(rt);
      expect(results.map((r) => [r[0], r[1]])).to.deep.equal([[1, 2], [1, 2], [1, 2]]);
      expect(results[0][2]).to.equal('no thanks');
      expect(results[1][2]).to.equal('a string');
      expect(results[2][2]).to.match(/unsupported value \(object\)/);
    });

    it('refuses what it must: too many values, a bad type, NULL data, a length of (size_t)-1, unknown channels, bad timeouts and fds, a NULL body or runtime', async () => {
      const probe = loadProbe();
      using rt = new FiberRuntime();
      const { channel: ch, byLabel: seen } = reports(rt);
      const [a, b] = net.tcpPair();
      probe.spawn(rt.nativeHandle(), ch, Kind.misuse, b.fd, 0, '');
      await runIt(rt);
      expect(seen).to.deep.equal({
        tooMany: EINVAL, badType: EINVAL, negativeType: EINVAL, nullData: EINVAL, hugeString: EINVAL, hugeBytes: EINVAL,
        channel0: ENOENT, noChannel: ENOENT, badTimeout: EINVAL, minTimeout: EINVAL, badFd: EBADF, nullFn: EINVAL, nullRt: EINVAL, yield: 0,
      });
      a.close();
      b.close();
    });

    it('3,000 waits ended by their fd leave stale timeouts behind; a real timeout still fires among them', async () => {
      const probe = loadProbe();
      using rt = new FiberRuntime();
      const { channel: ch, byLabel: seen } = reports(rt);
      const [a, b] = net.tcpPair();
      const [c, d] = net.tcpPair();
      a.write(new Uint8Array([1])); // b stays readable: every wait on it ends at once, by its fd
      probe.spawn(rt.nativeHandle(), ch, Kind.waitMany, b.fd, 3000, '');
      probe.spawn(rt.nativeHandle(), ch, Kind.waitReadable, d.fd, 50, '');
      await runIt(rt);
      expect(seen).to.deep.equal({ waited: 0, wait: ETIMEDOUT });
      for (const s of [a, b, c, d]) s.close();
    });

    it('cleanup runs once per fiber, after its body returns', async () => {
      const probe = loadProbe();
      using rt = new FiberRuntime();
      const before = probe.cleanups();
      for (let i = 0; i < 50; i++) probe.spawn(rt.nativeHandle(), 0, Kind.yielder, -1, 3, '');
      await runIt(rt);
      expect(probe.cleanups() - before).to.equal(50);
      expect(rt.stats()).to.include({ live: 0 });
    });
  });
}
