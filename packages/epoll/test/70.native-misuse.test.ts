// Every export of ferrite_epoll.node, called the wrong way: a coded error every time, never a
// signal, an abort or a write through a bad pointer. The table runs in a child process, so a
// crash is a failed test rather than a dead test runner.
import { expect } from 'chai';
import { runChild } from './util/child.js';

const TABLE = String.raw`
const { createRequire } = await import('node:module');
const require = createRequire(import.meta.url);
const raw = require(process.cwd() + '/build/Release/ferrite_epoll.node');
const BAD = [undefined, null, true, 'x', {}, [], () => 0, Symbol('s'), 1n, NaN, Infinity, -Infinity, -1, 1.5,
  2 ** 31, 2 ** 53, Number.MAX_VALUE, new Uint8Array(4), new Float64Array(1), new Int32Array(4)];
const out = [];
function attempt(name, fn) {
  try { fn(); out.push([name, 'ok']); }
  catch (e) { out.push([name, typeof e?.code === 'string' ? e.code : 'NO-CODE: ' + String(e?.message ?? e)]); }
}
const name = (v) => typeof v === 'symbol' ? 'symbol' : typeof v === 'bigint' ? 'bigint' : typeof v === 'number' ? String(v) :
  ArrayBuffer.isView(v) ? v.constructor.name : typeof v === 'function' ? 'function' : JSON.stringify(v) ?? String(v);

// Raw classes cannot be built from JS: they would adopt (and later close) any fd number.
for (const v of [0, 1, 2, -1, undefined]) {
  attempt('new FdHandle(' + name(v) + ')', () => new raw.FdHandle(v, 0));
  attempt('new EpollHandle(' + name(v) + ')', () => new raw.EpollHandle(v));
}
attempt('FdHandle()', () => raw.FdHandle(0, 0));
attempt('EpollHandle()', () => raw.EpollHandle(0));
attempt('Resolver()', () => raw.Resolver());

const ep = raw.epollCreate();
const efd = raw.eventfd();
const tfd = raw.timerfd();
const lis = raw.tcpListen('127.0.0.1', 0, 4);
const buf = new Float64Array(8);
for (const v of BAD) {
  const n = name(v);
  attempt('ctl op ' + n, () => ep.ctl(v, efd.fd, 1, 0));
  attempt('ctl fd ' + n, () => ep.ctl(1, v, 1, 0));
  attempt('ctl events ' + n, () => ep.ctl(1, efd.fd, v, 0));
  attempt('ctl token ' + n, () => ep.ctl(3, efd.fd, 1, v));
  attempt('wait buffer ' + n, () => ep.wait(v, 4, 0));
  attempt('wait capacity ' + n, () => ep.wait(buf, v, 0));
  if (v !== -1) attempt('wait timeout ' + n, () => ep.wait(buf, 4, v)); // -1 blocks: a valid call
  attempt('watch ' + n, () => ep.watch(v));
  attempt('read ' + n, () => efd.read(v));
  attempt('write ' + n, () => efd.write(v));
  attempt('shutdown ' + n, () => lis.shutdown(v));
  attempt('timerSet ' + n, () => tfd.timerSet(v));
  attempt('share ' + n, () => efd.share(v));
  attempt('notifyShared ' + n, () => raw.notifyShared(v));
  attempt('tcpConnect ip ' + n, () => raw.tcpConnect(v, 80));
  attempt('tcpConnect port ' + n, () => raw.tcpConnect('127.0.0.1', v));
  attempt('tcpListen backlog ' + n, () => raw.tcpListen('127.0.0.1', 0, v));
  attempt('unixConnect path ' + n, () => raw.unixConnect(v).close());
  if (typeof v !== 'string') attempt('unixListen path ' + n, () => raw.unixListen(v, 4).close()); // 'x' would bind ./x
  attempt('unixListen backlog ' + n, () => raw.unixListen('\0ferrite-misuse-' + process.pid, v).close());
  attempt('setErrorFactory ' + n, () => raw.setErrorFactory(v));
  attempt('signalListen ' + n, () => raw.signalListen(v).close());
}
// The heap overflow of old: 8x more bytes than a Uint8Array holds, and a buffer that lies.
attempt('wait Uint8Array(16) capacity 2', () => ep.wait(new Uint8Array(16), 2, 0));
attempt('wait Float64Array(2) capacity 2', () => ep.wait(new Float64Array(2), 2, 0));
attempt('wait capacity huge', () => ep.wait(buf, 2 ** 30, 0));
// A receiver of the wrong class is refused before it is unwrapped: by V8's own signature check
// for methods ("Illegal invocation"), by the type tag for everything else.
const receiver = (name, fn) => {
  try { fn(); out.push([name, 'ok']); }
  catch (e) { out.push([name, e?.code ?? (e instanceof TypeError && e.message === 'Illegal invocation' ? 'ILLEGAL_INVOCATION' : 'NO-CODE: ' + e)]); }
};
receiver('FdHandle.read on an EpollHandle', () => raw.FdHandle.prototype.read.call(ep, new Uint8Array(8)));
receiver('EpollHandle.wait on an FdHandle', () => raw.EpollHandle.prototype.wait.call(efd, buf, 4, 0));
receiver('EpollHandle.wait on {}', () => raw.EpollHandle.prototype.wait.call({}, buf, 4, 0));
receiver('EpollHandle.wait on an object inheriting its prototype', () => raw.EpollHandle.prototype.wait.call(Object.create(raw.EpollHandle.prototype), buf, 4, 0));
receiver('FdHandle.close on a Resolver', () => raw.FdHandle.prototype.close.call(new raw.Resolver()));
attempt('fd getter on {}', () => Object.getOwnPropertyDescriptor(raw.FdHandle.prototype, 'fd').get.call({}));
// A method for another kind of fd.
attempt('notify on a socket', () => lis.notify());
attempt('readCounter on a socket', () => lis.readCounter());
attempt('timerSet on an eventfd', () => efd.timerSet(1));
attempt('accept on an eventfd', () => efd.accept());
attempt('share twice', () => { efd.share(new Int32Array(new SharedArrayBuffer(16))); efd.share(new Int32Array(new SharedArrayBuffer(16))); });
attempt('notifyShared on a zeroed cell', () => raw.notifyShared(new Int32Array(new SharedArrayBuffer(16))));
attempt('share a plain ArrayBuffer', () => { const e = raw.eventfd(); try { e.share(new Int32Array(4)); } finally { e.close(); } });
// Huge timer delays saturate instead of failing.
for (const ms of [1e300, Number.MAX_VALUE, Infinity, 2 ** 53, 2 ** 63]) attempt('timerSet ' + ms, () => tfd.timerSet(ms));
const res = new raw.Resolver();
for (const v of BAD) {
  attempt('lookup id ' + name(v), () => res.lookup(v, 'localhost'));
  attempt('lookup host ' + name(v), () => res.lookup(1, v));
}
attempt('lookup host with NUL', () => res.lookup(1, 'a\0b'));
// A Unix path the kernel would truncate is refused, never shortened; NUL only leads (abstract).
attempt('unixConnect path 200 bytes', () => raw.unixConnect('/tmp/' + 'x'.repeat(195)));
attempt('unixListen path 108 bytes', () => raw.unixListen('/tmp/' + 'x'.repeat(103), 4));
attempt('unixListen abstract 109 bytes', () => raw.unixListen('\0' + 'x'.repeat(108), 4));
attempt('unixConnect path with NUL', () => raw.unixConnect('/tmp/a\0b'));
attempt('unixConnect empty path', () => raw.unixConnect(''));
attempt('unixConnect ENOENT', () => raw.unixConnect('/nonexistent/ferrite.sock'));
attempt('localAddr of a Unix listener', () => { const l = raw.unixListen('\0ferrite-addr-' + process.pid, 4);
  try { if (l.localAddr().path !== '\0ferrite-addr-' + process.pid) throw new Error('wrong path'); } finally { l.close(); } });
res.close();
attempt('lookup after close', () => res.lookup(1, 'localhost'));
ep.close(); efd.close(); tfd.close(); lis.close();
attempt('wait after close', () => ep.wait(buf, 4, 0));
attempt('read after close', () => efd.read(new Uint8Array(8)));
// errno errors keep Node's shape even without the TS layer's factory.
attempt('bind a port in use', () => { const s = raw.tcpListen('127.0.0.1', 0, 1);
  try { raw.tcpListen('127.0.0.1', s.localAddr().port, 1).close(); } finally { s.close(); } });
attempt('epoll_ctl EBADF', () => { const e = raw.epollCreate(); try { e.ctl(1, 1_000_000, 1, 0); } finally { e.close(); } });
// stdio survived: nothing above closed fd 0, 1 or 2.
process.stdout.write(JSON.stringify(out));
`;

// The public TS surface: the same idea, through the package's own classes.
const PUBLIC = String.raw`
const { Poll, Events, Waker, TimerFd, Resolver, net } = epoll;
const out = [];
function attempt(name, fn) {
  try { fn(); out.push([name, 'ok']); }
  catch (e) { out.push([name, typeof e?.code === 'string' ? e.code : 'NO-CODE: ' + String(e?.message ?? e)]); }
}
const poll = new Poll();
for (const [n, v] of [['{}', {}], ['Float64Array', new Float64Array(8)], ['null', null], ['fake', { data: new Uint8Array(8), capacity: 4 }]]) {
  attempt('poll.poll(' + n + ')', () => poll.poll(v, 0));
}
const events = new Events(4);
out.push(['tamper capacity', String(Reflect.set(events, 'capacity', 1e6))]);
out.push(['tamper data', String(Reflect.set(events, 'data', new Uint8Array(8))) + ':' + String(events.capacity)]);
attempt('poll after tampering', () => poll.poll(events, 0));
for (const c of [0, -1, 1.5, NaN, 2 ** 31, Infinity, '4']) attempt('new Events(' + String(c) + ')', () => new Events(c));
for (const t of [-1, NaN, '5', {}]) attempt('poll timeout ' + String(t), () => poll.poll(events, t));
attempt('poll timeout 1e300 (until an event)', () => { const w = new Waker(poll.registry(), 1); w.wake(); poll.poll(events, 1e300); w.close(); });
const timer = new TimerFd();
for (const ms of [NaN, -1, '5', Infinity]) attempt('timer.set(' + String(ms) + ')', () => timer.set(ms));
for (const ms of [1e300, Number.MAX_VALUE, 2 ** 53]) attempt('timer.set(' + ms + ')', () => timer.set(ms));
timer.close();
for (const t of [-1, 1.5, NaN, 2 ** 53, '1']) attempt('register token ' + String(t), () => poll.registry().register(new TimerFd(), t, 1));
process.stdout.write(JSON.stringify(out));
`;

function runTable(body: string): Map<string, string> {
  const r = runChild(body);
  expect(r.signal, r.stderr).to.equal(null);
  expect(r.status, r.stderr).to.equal(0);
  return new Map(JSON.parse(r.stdout) as [string, string][]);
}

describe('native entry points under misuse', () => {
  it('every raw export answers wrong types, counts and values with a coded error', () => {
    const results = runTable(TABLE);
    const uncoded = [...results].filter(([, outcome]) => outcome.startsWith('NO-CODE'));
    expect(uncoded, 'errors without a code').to.deep.equal([]);
    for (const v of ['0', '1', '2', '-1', 'undefined']) {
      expect(results.get(`new FdHandle(${v})`)).to.equal('ERR_ILLEGAL_CONSTRUCTOR');
      expect(results.get(`new EpollHandle(${v})`)).to.equal('ERR_ILLEGAL_CONSTRUCTOR');
    }
    expect(results.get('FdHandle()')).to.equal('ERR_ILLEGAL_CONSTRUCTOR');
    expect(results.get('wait buffer Uint8Array')).to.equal('ERR_INVALID_ARG_TYPE');
    expect(results.get('wait Uint8Array(16) capacity 2')).to.equal('ERR_INVALID_ARG_TYPE');
    expect(results.get('wait Float64Array(2) capacity 2')).to.equal('ERR_OUT_OF_RANGE');
    expect(results.get('wait capacity huge')).to.equal('ERR_OUT_OF_RANGE');
    expect(results.get('wait capacity 1.5')).to.equal('ERR_OUT_OF_RANGE');
    expect(results.get('ctl token -1')).to.equal('ERR_OUT_OF_RANGE');
    expect(results.get('ctl token 9007199254740992')).to.equal('ERR_OUT_OF_RANGE');
    expect(results.get('ctl fd 1.5')).to.equal('ERR_OUT_OF_RANGE');
    expect(results.get('read Float64Array')).to.equal('ERR_INVALID_ARG_TYPE');
    expect(results.get('timerSet NaN')).to.equal('ERR_INVALID_ARG_VALUE');
    expect(results.get('tcpConnect port 1.5')).to.equal('ERR_OUT_OF_RANGE');
    expect(results.get('tcpConnect ip "x"')).to.equal('ERR_INVALID_ARG_VALUE');
    expect(results.get('unixConnect path 1.5')).to.equal('ERR_INVALID_ARG_TYPE');
    expect(results.get('unixListen backlog 1.5')).to.equal('ERR_OUT_OF_RANGE');
    for (const call of ['unixConnect path 200 bytes', 'unixListen path 108 bytes', 'unixListen abstract 109 bytes',
      'unixConnect path with NUL', 'unixConnect empty path']) {
      expect(results.get(call), call).to.equal('ERR_INVALID_ARG_VALUE');
    }
    expect(results.get('unixConnect ENOENT')).to.equal('ENOENT');
    expect(results.get('localAddr of a Unix listener')).to.equal('ok');
    for (const call of ['FdHandle.read on an EpollHandle', 'EpollHandle.wait on an FdHandle', 'EpollHandle.wait on {}',
      'EpollHandle.wait on an object inheriting its prototype', 'FdHandle.close on a Resolver']) {
      expect(results.get(call), call).to.be.oneOf(['ERR_INVALID_THIS', 'ILLEGAL_INVOCATION']);
    }
    expect(results.get('fd getter on {}')).to.equal('ERR_INVALID_THIS');
    expect(results.get('notify on a socket')).to.equal('ERR_INVALID_STATE');
    expect(results.get('readCounter on a socket')).to.equal('ERR_INVALID_STATE');
    expect(results.get('share twice')).to.equal('ERR_INVALID_STATE');
    expect(results.get('notifyShared on a zeroed cell')).to.equal('ERR_INVALID_ARG_VALUE');
    expect(results.get('share a plain ArrayBuffer'), 'detachable memory').to.equal('ERR_INVALID_ARG_TYPE');
    for (const ms of ['1e+300', String(Number.MAX_VALUE), 'Infinity', String(2 ** 53), String(2 ** 63)]) {
      expect(results.get(`timerSet ${ms}`), ms).to.equal('ok');
    }
    expect(results.get('lookup host with NUL')).to.equal('ERR_INVALID_ARG_VALUE');
    expect(results.get('signalListen 1.5')).to.equal('ERR_OUT_OF_RANGE');
    expect(results.get('signalListen "x"')).to.equal('ERR_INVALID_ARG_TYPE');
    expect(results.get('lookup after close')).to.equal('ERR_CLOSED');
    expect(results.get('wait after close')).to.equal('ERR_CLOSED');
    expect(results.get('bind a port in use')).to.equal('EADDRINUSE');
    expect(results.get('epoll_ctl EBADF')).to.equal('EBADF');
  });

  it('the public classes refuse forged buffers and bad values with coded errors', () => {
    const results = runTable(PUBLIC);
    const uncoded = [...results].filter(([, outcome]) => outcome.startsWith('NO-CODE'));
    expect(uncoded, 'errors without a code').to.deep.equal([]);
    for (const n of ['{}', 'Float64Array', 'null', 'fake']) expect(results.get(`poll.poll(${n})`), n).to.equal('ERR_INVALID_ARG_TYPE');
    // Events' state is not reachable from outside: the poll after tampering sees the real buffer.
    expect(results.get('tamper capacity')).to.equal('false');
    expect(results.get('tamper data')).to.equal('true:4'); // an own property nobody reads
    expect(results.get('poll after tampering')).to.equal('ok');
    for (const c of ['0', '-1', '1.5', 'NaN', String(2 ** 31), 'Infinity', '4']) {
      expect(results.get(`new Events(${c})`), c).to.equal('ERR_INVALID_ARG_VALUE');
    }
    expect(results.get('poll timeout 1e300 (until an event)')).to.equal('ok');
    for (const ms of ['NaN', '-1', '5', 'Infinity']) expect(results.get(`timer.set(${ms})`), ms).to.equal('ERR_INVALID_ARG_VALUE');
    for (const ms of ['1e+300', String(Number.MAX_VALUE), String(2 ** 53)]) expect(results.get(`timer.set(${ms})`), ms).to.equal('ok');
    for (const t of ['-1', '1.5', 'NaN', String(2 ** 53), '1']) {
      expect(results.get(`register token ${t}`), t).to.match(/^ERR_INVALID_ARG_(VALUE|TYPE)$/);
    }
  });
});
