// run() left with fibers that can never wake (every one sleeps forever: no fd wait, no timer)
// used to block its thread for good in epoll_wait(-1). It throws ERR_FIBERS_DEADLOCK instead; the
// fibers stay until close(). In a child process: a regression hangs here, not the test runner.
// Prints JSON.
import { net } from '@ferrite/epoll';
import { FiberRuntime } from '../../src/index.js';
import { code } from '../util/code.js';
import { Kind, loadProbe } from '../util/probe.js';

const probe = loadProbe();
const out: Record<string, unknown> = {};

{
  // A shipped forever-sleeper beside a counter: the counter finishes, then run() says so; again
  // after a late spawn.
  const rt = new FiberRuntime();
  let steps = 0;
  rt.spawn('sleeper', { ms: Infinity });
  rt.spawn('counter', { n: 3, onStep: () => void steps++ });
  out.shipped = [code(() => rt.run()), steps, rt.stats().live];
  rt.spawn('counter', { n: 2, onStep: () => void steps++ });
  out.again = [code(() => rt.run()), steps, rt.stats().live];
  rt.close();
}
{
  // C API sleep(UINT64_MAX) after a wait ended by its fd, which left a stale 60 s timer behind:
  // stale timers do not count as a way to wake up.
  const rt = new FiberRuntime();
  const [a, b] = net.tcpPair();
  a.write(new Uint8Array([1]));
  const cleanups = probe.cleanups();
  probe.spawn(rt.nativeHandle(), 0, Kind.waitReadable, b.fd, 60_000, '');
  probe.spawn(rt.nativeHandle(), 0, Kind.sleep, -1, 2n ** 64n - 1n, '');
  out.capi = [code(() => rt.run()), rt.stats().live];
  rt.close();
  out.capiCleanups = probe.cleanups() - cleanups;
  a.close();
  b.close();
}
{
  // A fiber waiting on an fd is a way to wake: run() blocks until the fd is ready, then ends.
  const rt = new FiberRuntime();
  const [a, b] = net.tcpPair();
  rt.spawn('sleeper', { ms: 2 });
  probe.spawn(rt.nativeHandle(), 0, Kind.waitReadable, b.fd, 20, '');
  out.notStuck = [code(() => rt.run()), rt.stats().live];
  rt.close();
  a.close();
  b.close();
}
console.log(JSON.stringify(out));
