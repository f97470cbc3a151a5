// Two error classes and nothing else: SystemError for failed syscalls and lookups, EpollError
// for the rest, whether the TypeScript layer or the native addon throws it.
//
// The class checks run in a child process: mocha may load src/ twice (once per loader), and the
// addon then builds its errors with whichever copy loaded last; a real program has one copy.
import { expect } from 'chai';
import { runChild } from './util/child.js';

const CASES = String.raw`
const { EpollError, Events, Poll, Resolver, SystemError, Waker, net } = epoll;
const out = {};
function record(name, fn) {
  try { fn(); out[name] = 'nothing thrown'; }
  catch (e) {
    const cls = e instanceof EpollError ? 'EpollError' : e instanceof SystemError ? 'SystemError' : 'other: ' + e?.constructor?.name;
    out[name] = { cls, name: e.name, code: e.code, errno: e.errno, syscall: e.syscall, hostname: e.hostname, message: e.message };
  }
}
const poll = new Poll();
const waker = new Waker(poll.registry(), 1);
const cell = waker.share();
waker.close();
poll.close();
record('closed poll (TypeScript)', () => poll.poll(new Events(1), 0));
record('closed waker cell (addon)', () => Waker.wake(cell));
record('forged cell (addon)', () => Waker.wake(new Int32Array(new SharedArrayBuffer(16))));
record('index out of range', () => new Events(4).get(0));
const listener = net.TcpListener.bind('127.0.0.1:0');
record('bind a port in use', () => net.TcpListener.bind('127.0.0.1:' + listener.localAddr().port));
listener.close();
// A label over 63 bytes fails inside getaddrinfo, without a query leaving the machine.
const host = 'a'.repeat(64) + '.invalid';
const p2 = new Poll();
const resolver = new Resolver();
p2.registry().register(resolver, 1, 1);
resolver.lookup(host);
p2.poll(new Events(1), 10000);
record('failed lookup', () => { throw resolver.drain()[0].error; });
resolver.close();
p2.close();
process.stdout.write(JSON.stringify(out));
`;

describe('error classes', function () {
  this.timeout(30_000);
  let out: Record<string, Record<string, unknown>>;
  before(() => {
    const r = runChild(CASES);
    expect(r.status, r.stderr).to.equal(0);
    out = JSON.parse(r.stdout) as typeof out;
  });

  it('a closed object is EpollError ERR_CLOSED, from TypeScript and from the addon alike', () => {
    for (const name of ['closed poll (TypeScript)', 'closed waker cell (addon)']) {
      expect(out[name], name).to.include({ cls: 'EpollError', name: 'EpollError', code: 'ERR_CLOSED' });
    }
  });

  it('an argument the addon refuses is an EpollError with its code', () => {
    expect(out['forged cell (addon)']).to.include({ cls: 'EpollError', code: 'ERR_INVALID_ARG_VALUE' });
  });

  it('an index out of range is EpollError ERR_OUT_OF_RANGE', () => {
    expect(out['index out of range']).to.include({ cls: 'EpollError', code: 'ERR_OUT_OF_RANGE' });
  });

  it("a failed syscall is a SystemError in Node's shape", () => {
    expect(out['bind a port in use']).to.include({ cls: 'SystemError', name: 'SystemError', code: 'EADDRINUSE', errno: -98, syscall: 'bind' });
    expect(out['bind a port in use']).to.not.have.property('hostname');
  });

  it("a failed lookup is a SystemError with Node's dns code, errno, hostname and message", () => {
    const host = `${'a'.repeat(64)}.invalid`;
    expect(out['failed lookup']).to.include({
      cls: 'SystemError', code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname: host, message: `getaddrinfo ENOTFOUND ${host}`,
    });
  });
});
