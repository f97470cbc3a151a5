// Exercises every native path of the fiber runtime once; run under valgrind by sanitize.mjs.
import { createRequire } from 'node:module';
import { FiberRuntime, includeDir } from '../dist/index.js';
import { benchSwitch, spawnTestTask } from '../dist/testing.js';
import { net, WOULD_BLOCK } from '@ferrite/epoll';
import { buildProbe, Kind as K } from '../test/util/probe-addon.mjs';

const rt = new FiberRuntime({ stackSize: 64 * 1024 });
const seen = [];
rt.spawn('counter', { n: 5, onStep: (id, i) => seen.push(`${id}:${i}`) });
rt.spawn('counter', { n: 7, onStep: (id, i) => seen.push(`${id}:${i}`) });
// Valgrind does not emulate x87 control-word changes (it computes in round-to-nearest and
// reports the default word), so under it bit 7 (x87 control word) is not checked.
const ignore = process.env.FERRITE_UNDER_VALGRIND ? 128 : 0;
for (let i = 0; i < 3; i++) {
  spawnTestTask(rt, 'registers', { onDone: (m) => { if ((m & ~ignore) !== 0) throw new Error(`registers mask ${m}`); } });
  spawnTestTask(rt, 'clobber', { rounds: 3 });
}
spawnTestTask(rt, 'recurse', { depth: 60, onDone: () => {} });
rt.spawn('sleeper', { ms: 5, onDone: () => {} });
rt.spawn('pingpong', { rounds: 50, onDone: () => {} });
const id = rt.spawn('showStack', {});
rt.step();
rt.stackSnapshot(id, 128);
for (let i = 0; i < 500; i++) spawnTestTask(rt, 'yielder', { n: 2 });
const l = net.TcpListener.bind('127.0.0.1:0');
const w = net.TcpStream.connect(`127.0.0.1:${l.localAddr().port}`);
let r = l.accept();
while (r === WOULD_BLOCK) r = l.accept();
let bytes = 0;
rt.spawn('fdReader', { fd: r[0].fd, onDone: (b) => { bytes = b; } });
rt.step();
w.write(new Uint8Array(100));
w.close();
rt.run();
if (bytes !== 100 || seen.length !== 12) throw new Error(`scenario failed: ${bytes} ${seen.length}`);
benchSwitch('ferrite', 1000);
benchSwitch('minimal', 1000);
benchSwitch('swapcontext', 1000);

// The paths that stop or refuse: a throwing callback ends the round with the fiber first in line;
// close() from a callback is refused; a pair that does not fit spawns nothing; bad arguments and
// a blocking fd are coded errors; a forever-sleeper is freed by close().
const codeOf = (fn) => { try { fn(); return 'no error'; } catch (err) { return err.code ?? err.message; } };
const rt2 = new FiberRuntime({ stackSize: 32 * 1024, maxFibers: 3 });
let calls = 0;
rt2.spawn('counter', { n: 3, onStep: (_id, i) => { calls++; if (i === 0) throw new Error('boom'); } });
rt2.spawn('counter', { n: 2, onStep: () => { calls++; codeOf(() => rt2.close()); } });
if (codeOf(() => rt2.spawn('pingpong', { rounds: 3 })) !== 'ERR_TOO_MANY_FIBERS') throw new Error('pingpong');
if (codeOf(() => rt2.run()) !== 'boom') throw new Error('no boom');
rt2.run();
const checks = [
  codeOf(() => rt2.spawn('fdReader', { fd: 1.5 })),
  codeOf(() => rt2.stackSnapshot(NaN)),
  codeOf(() => spawnTestTask(rt2, 'recurse', { depth: 1e9 })),
  codeOf(() => new FiberRuntime({ stackSize: -1 })),
  codeOf(() => benchSwitch('toString', 10)),
];
rt2.spawn('sleeper', { ms: Infinity });
rt2.step();
rt2.close();
if (calls !== 5 || checks.some((c) => !String(c).startsWith('ERR_'))) throw new Error(`stop paths: ${calls} ${checks}`);

// The Node-loop mode: the epoll fd under libuv, batches from Node callbacks, a late spawn (the
// kick eventfd), then close() while a fiber waits (the watch stopped, the run rejected).
const rt3 = new FiberRuntime({ stackSize: 32 * 1024 });
let looped = 0;
rt3.spawn('sleeper', { ms: 2, onDone: () => looped++ });
const inLoop = rt3.runInLoop();
setImmediate(() => rt3.spawn('counter', { n: 3, onStep: () => looped++ }));
await inLoop;
rt3.spawn('sleeper', { ms: Infinity });
const pending = rt3.runInLoop();
await new Promise((resolve) => setTimeout(resolve, 2));
rt3.close();
if (looped !== 4 || (await pending.then(() => 'settled', (err) => err.code)) !== 'ERR_CLOSED') throw new Error(`in-loop: ${looped}`);

// The C API from a consumer addon (test/native/capi-probe.cc, built and named as the tests build
// and name it): values both ways and a throw, every refusal, waits and sleeps, cleanups that call
// back in, another runtime's channel, another thread, forged handles, and close() while fibers
// wait in the Node-loop mode.
const probe = createRequire(import.meta.url)(buildProbe(includeDir));
const rt4 = new FiberRuntime({ stackSize: 32 * 1024 });
const other = new FiberRuntime({ stackSize: 32 * 1024 });
const answers = ['réponse', new Uint8Array([1, 2]), 7, null];
let asked = 0;
const reported = [];
const ch4 = rt4.channel((_id, kind, ...rest) => {
  if (kind !== 'values') return void reported.push(kind);
  if (asked === answers.length) throw new Error('no more');
  return answers[asked++];
});
const [pa, pb] = net.tcpPair();
pa.write(new Uint8Array([1]));
const h4 = rt4.nativeHandle();
for (let i = 0; i <= answers.length; i++) probe.spawn(h4, ch4, K.values, -1, 0, 'héllo');
probe.spawn(h4, ch4, K.misuse, pb.fd, 0, '');
probe.spawn(h4, ch4, K.waitReadable, pb.fd, 1000, '');
probe.spawn(h4, ch4, K.sleep, -1, 1, '');
probe.spawn(h4, ch4, K.callChannel, -1, other.channel(() => {}), '');
probe.spawn(h4, ch4, K.reenterOnFinish, -1, 0, '');
probe.spawn(h4, ch4, K.reenterOnClose, -1, 0, '');
const refused = [probe.fromAnotherThread(h4), ...[0, 1, 2, 3, 4, 5].map((k) => probe.importCode(probe.foreignExternal(k)))];
rt4.step();
rt4.step();
rt4.close(); // the sleeper of reenterOnClose and anything unfinished: their cleanups run now
const cleanupCalls = probe.cleanupCalls();
const rt5 = new FiberRuntime({ stackSize: 32 * 1024 });
probe.spawn(rt5.nativeHandle(), 0, K.waitReadable, pb.fd, -1, '');
probe.spawn(rt5.nativeHandle(), 0, K.sleep, -1, 2n ** 64n - 1n, '');
const inLoop5 = rt5.runInLoop();
await new Promise((resolve) => setTimeout(resolve, 2));
rt5.close();
const loop5 = await inLoop5.then(() => 'settled', (err) => err.code);
if (reported.length < 10 || refused.some((c) => c >= 0) || cleanupCalls.length !== 12 || loop5 !== 'ERR_CLOSED') {
  throw new Error(`C API: ${reported.length} ${refused} ${cleanupCalls.length} ${loop5}`);
}
other.close();
pa.close();
pb.close();

rt.close();
r[0].close();
l.close();
console.log('sanitize scenario ok', rt === null ? '' : JSON.stringify({ counters: seen.length, bytes }));
