// Misuse fuzz: random calls with random arguments on every export of ferrite_epoll.node, for a
// fixed time budget (STRESS_SECONDS, default 30), in a child process. Every call either works or
// throws an error with a string `code` (or V8's own "Illegal invocation" for a foreign receiver);
// the child never dies of a signal. Traffic stays on loopback: any address that parses is
// replaced by 127.0.0.1, and waits never block.
import { expect } from 'chai';
import { runChild } from '../util/child.js';

const SECONDS = Number(process.env.STRESS_SECONDS ?? 30);
const FAST_CHECK = import.meta.resolve('fast-check');

const FUZZ = String.raw`
const fc = await import(${JSON.stringify(FAST_CHECK)});
const { createRequire } = await import('node:module');
const raw = createRequire(import.meta.url)(process.cwd() + '/build/Release/ferrite_epoll.node');
const deadline = Date.now() + ${SECONDS * 1000};
const value = fc.oneof(
  fc.anything(),
  fc.constantFrom(NaN, Infinity, -Infinity, -1, -0, 0, 1, 1.5, 2 ** 31, 2 ** 32, 2 ** 53, -(2 ** 53), Number.MAX_VALUE, Number.MIN_VALUE),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.constantFrom(new Uint8Array(8), new Float64Array(4), new Int32Array(4), new Int32Array(new SharedArrayBuffer(16)), Buffer.alloc(3), new DataView(new ArrayBuffer(8))),
);
const METHODS = {
  fd: ['read', 'write', 'shutdown', 'takeError', 'setNodelay', 'localAddr', 'peerAddr', 'accept', 'notify', 'share', 'readCounter', 'timerSet', 'close'],
  epoll: ['ctl', 'wait', 'watch', 'unwatch', 'ref', 'unref', 'close'],
  resolver: ['lookup', 'drain', 'close'],
  free: ['epollCreate', 'tcpConnect', 'tcpListen', 'unixConnect', 'unixListen', 'eventfd', 'timerfd', 'notifyShared', 'signalListen', 'signalReassert', 'setErrorFactory'],
};
const call = fc.record({
  target: fc.constantFrom('fd', 'epoll', 'resolver', 'free', 'foreign'),
  pick: fc.nat(),
  args: fc.array(value, { maxLength: 5 }),
});
let calls = 0, coded = 0, rounds = 0;
const bad = [];
function run(fn) {
  calls++;
  try { fn(); }
  catch (e) {
    if (typeof e?.code === 'string' || (e instanceof TypeError && e.message === 'Illegal invocation')) coded++;
    else bad.push(String(e?.stack ?? e));
  }
}
const loopback = (args) => { if (typeof args[0] === 'string') args[0] = '127.0.0.1'; return args; };
// Unix paths become abstract names of ours: no socket file is ever made in the working directory.
const abstract = (args) => { if (typeof args[0] === 'string') args[0] = '\0ferrite-fuzz-' + args[0]; return args; };
while (Date.now() < deadline) {
  rounds++;
  const handles = { fd: [raw.eventfd(), raw.timerfd(), raw.tcpListen('127.0.0.1', 0, 4)], epoll: [raw.epollCreate()], resolver: [new raw.Resolver()] };
  for (const c of fc.sample(call, 200)) {
    const args = c.args;
    if (c.target === 'free') {
      const name = METHODS.free[c.pick % METHODS.free.length];
      if (name === 'setErrorFactory') continue; // replacing the factory is legitimate, and global to this env
      run(() => { const r = raw[name](...(name.startsWith('tcp') ? loopback(args) : name.startsWith('unix') ? abstract(args) : args)); if (r?.close) r.close(); });
    } else if (c.target === 'foreign') {
      const names = METHODS.fd.concat(METHODS.epoll);
      const name = names[c.pick % names.length];
      const proto = METHODS.fd.includes(name) ? raw.FdHandle.prototype : raw.EpollHandle.prototype;
      const receivers = [handles.resolver[0], {}, Object.create(proto), handles.epoll[0], handles.fd[0]];
      run(() => proto[name].call(receivers[c.pick % receivers.length], ...args));
    } else {
      const list = METHODS[c.target];
      const name = list[c.pick % list.length];
      const h = handles[c.target][c.pick % handles[c.target].length];
      if (name === 'wait' && typeof args[2] === 'number' && !(args[2] > 0x7fffffff)) args[2] = 0; // never block
      if (name === 'close' && c.pick % 7 !== 0) continue; // mostly keep the handles open
      run(() => h[name](...args));
    }
  }
  for (const list of Object.values(handles)) for (const h of list) h.close();
}
process.stdout.write(JSON.stringify({ rounds, calls, coded, bad: bad.slice(0, 5) }));
`;

describe('stress: the native entry points under random misuse', function () {
  this.timeout((SECONDS + 60) * 1000);

  it(`random calls for ${SECONDS} s: coded errors only, no signal`, () => {
    const r = runChild(FUZZ, { timeoutMs: (SECONDS + 50) * 1000 });
    expect(r.signal, r.stderr).to.equal(null);
    expect(r.status, r.stderr).to.equal(0);
    const result = JSON.parse(r.stdout) as { rounds: number; calls: number; coded: number; bad: string[] };
    expect(result.bad, 'errors without a code').to.deep.equal([]);
    expect(result.calls).to.be.greaterThan(1000);
    expect(result.coded).to.be.greaterThan(result.calls / 4); // mostly misuse, as intended
    console.log(`      ${result.calls} calls in ${result.rounds} rounds, ${result.coded} refused with a code`);
  });
});
