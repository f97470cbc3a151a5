// Runtimes nobody closed, with fibers suspended in them, left to the garbage collector (run with
// --expose-gc): their finalizers close them, each fiber's cleanup runs once, and every fd they
// held is gone. A handle kept past its runtime stays valid memory and says -EBADF. Prints JSON.
import { readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { FiberRuntime } from '../../src/index.js';
import { Kind, loadProbe } from '../util/probe.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const probe = loadProbe();
const fdCount = () => readdirSync('/proc/self/fd').length;
const fds = fdCount();
const cleanups = probe.cleanups();

function forget(n: number): void {
  for (let i = 0; i < n; i++) {
    const rt = new FiberRuntime({ stackSize: 16 * 1024 });
    probe.spawn(rt.nativeHandle(), 0, Kind.sleep, -1, 2n ** 64n - 1n, '');
    rt.spawn('sleeper', { ms: Infinity });
    rt.step();
  }
}
// One left pending in runInLoop() is not collectable (it is running); these ones are idle.
forget(50);
const kept = (() => {
  const rt = new FiberRuntime({ stackSize: 16 * 1024 });
  probe.spawn(rt.nativeHandle(), 0, Kind.sleep, -1, 2n ** 64n - 1n, '');
  rt.step();
  return rt.nativeHandle();
})();
const expected = cleanups + 51;
for (let round = 0; round < 50 && (fdCount() > fds || probe.cleanups() < expected); round++) {
  gc();
  await sleep(10);
}
console.log(JSON.stringify({ fdsLeft: fdCount() - fds, cleanups: probe.cleanups() - cleanups, keptSpawn: probe.spawn(kept, 0, Kind.yielder, -1, 1, '') }));
