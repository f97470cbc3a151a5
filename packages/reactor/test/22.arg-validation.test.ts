import { expect } from 'chai';
import { net } from '@ferrite/epoll';
import { Context, ready } from '@ferrite/future';
import { Reactor, TcpStream, interval, lookup, sleep, sleepUntil, timeout } from '../src/index.js';
import { wrapStream } from '../src/net/tcp-stream.js';

const TYPE = 'ERR_INVALID_ARG_TYPE';
const VALUE = 'ERR_INVALID_ARG_VALUE';

describe('misuse of the public API is a coded error, thrown by the call', () => {
  let reactor: Reactor;
  let pair: [net.TcpStream, net.TcpStream];
  let stream: TcpStream;
  before(() => {
    reactor = new Reactor();
    pair = net.tcpPair();
    stream = reactor.enter(() => wrapStream(pair[1]));
  });
  after(() => {
    stream.close();
    pair[0].close();
    reactor.close();
  });

  const cases: [string, () => unknown, string][] = [
    ['sleep("5")', () => sleep('5' as never), TYPE],
    ['sleep(undefined)', () => sleep(undefined as never), TYPE],
    ['sleep(5n)', () => sleep(5n as never), TYPE],
    ['sleep(NaN)', () => sleep(NaN), VALUE],
    ['sleep(-1)', () => sleep(-1), VALUE],
    ['sleep(-Infinity)', () => sleep(-Infinity), VALUE],
    ['sleep(Infinity)', () => sleep(Infinity), VALUE],
    ['interval(0)', () => interval(0), VALUE],
    ['interval(-5)', () => interval(-5), VALUE],
    ['interval(NaN)', () => interval(NaN), VALUE],
    ['interval("1")', () => interval('1' as never), TYPE],
    ['timeout(f, -1)', () => timeout(ready(1), -1), VALUE],
    ['timeout(f, NaN)', () => timeout(ready(1), NaN), VALUE],
    ['timeout(f, "10")', () => timeout(ready(1), '10' as never), TYPE],
    ['timeout(42, 10)', () => timeout(42 as never, 10), TYPE],
    ['timeout(null, 10)', () => timeout(null as never, 10), TYPE],
    ['lookup(42)', () => lookup(42 as never), TYPE],
    ['lookup(null)', () => lookup(null as never), TYPE],
    ['stream.read("x")', () => stream.read('x' as never), TYPE],
    ['stream.write([1, 2])', () => stream.write([1, 2] as never), TYPE],
    ['stream.writeAll(null)', () => stream.writeAll(null as never), TYPE],
    ['stream.tryRead({})', () => stream.tryRead({} as never), TYPE],
    ['sleepUntil("soon")', () => sleepUntil('soon' as never), TYPE],
    ['sleepUntil(NaN)', () => sleepUntil(NaN), VALUE],
    ['sleepUntil(t, 5)', () => sleepUntil(0, 5 as never), TYPE],
    ['sleepUntil(t, { weak: "yes" })', () => sleepUntil(0, { weak: 'yes' as never }), TYPE],
    ['sleepUntil(t, { reactor: {} })', () => sleepUntil(0, { reactor: {} as never }), TYPE],
    ['stream.watchIdle(() => {})', () => stream.watchIdle((() => {}) as never), TYPE],
    ['reactor.enter(1)', () => reactor.enter(1 as never), TYPE],
    ['reactor.attach("cb")', () => reactor.attach('cb' as never), TYPE],
    ['reactor.turn(-1)', () => reactor.turn(-1), VALUE],
    ['reactor.turn(NaN)', () => reactor.turn(NaN), VALUE],
    ['reactor.register(-1)', () => reactor.register(-1), VALUE],
    ['reactor.register(fd, 0)', () => reactor.register(pair[0], 0), VALUE],
    ['TcpStream.connect(42)', () => TcpStream.connect(42 as never), 'ERR_INVALID_ADDRESS'],
    ['TcpStream.connect({ host, port: 1.5 })', () => TcpStream.connect({ host: '127.0.0.1', port: 1.5 }), 'ERR_INVALID_ADDRESS'],
  ];

  for (const [name, call, code] of cases) {
    it(`${name} → ${code}`, () => {
      expect(call).to.throw().with.property('code', code);
    });
  }

  it('the reactor still works after all of them', () => {
    expect(reactor.timers).to.equal(0);
    expect(reactor.isIdle()).to.equal(true);
    const s = sleep(1);
    reactor.enter(() => s.poll(Context.noop()));
    const t0 = performance.now();
    while (reactor.timers > 0 && performance.now() - t0 < 1000) reactor.turn(100);
    expect(reactor.timers).to.equal(0);
  });
});
