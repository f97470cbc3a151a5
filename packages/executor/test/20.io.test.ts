import { expect } from 'chai';
import { coroutine, joinAll, race, wait, type Future } from '@ferrite/future';
import { TcpStream, lookup, sleep, timeout } from '@ferrite/reactor';
import { spawnDelayServer, type ChildDelayServer } from '@ferrite/delayserver';
import { spawn } from '../src/index.js';
import { MODES, bytes, fdCount, freshRuntime } from './util/modes.js';

// blockOn pauses Node's loop, so the delay server lives in a child process for both modes.
let server: ChildDelayServer;
before(async () => {
  server = await spawnDelayServer();
});
after(() => server.close());

/** GET /{ms}/{msg} over the async TCP stream, by hand (the HTTP client comes later). */
const get = coroutine(function* (ms: number, msg: string) {
  const stream = yield* wait(TcpStream.connect(`localhost:${server.port}`));
  try {
    yield* wait(stream.writeAll(bytes(`GET /${ms}/${msg} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`)));
    const text = new TextDecoder().decode(yield* wait(stream.readToEnd()));
    return text.slice(text.indexOf('\r\n\r\n') + 4);
  } finally {
    stream.close();
  }
});

for (const mode of MODES) {
  describe(`timers and I/O (${mode.name})`, () => {
    const each = freshRuntime();

    it('a 50 ms sleep wakes after at least 50 ms; timers fire in order', async () => {
      const order: number[] = [];
      const t0 = performance.now();
      await mode.exec(each.rt, joinAll([30, 10, 50, 20].map((ms) => coroutine(function* () {
        yield* wait(sleep(ms));
        order.push(ms);
      })())));
      expect(performance.now() - t0).to.be.at.least(50);
      expect(order).to.deep.equal([10, 20, 30, 50]);
    });

    it('timeout() throws ERR_TIMEOUT for a slow request and frees its socket', async () => {
      const before = fdCount();
      let code = '';
      try {
        await mode.exec(each.rt, timeout(get(2000, 'slow'), 50));
      } catch (err) {
        code = (err as { code: string }).code;
      }
      expect(code).to.equal('ERR_TIMEOUT');
      expect(fdCount()).to.be.at.most(before + 1); // + the reactor's resolver eventfd
    });

    it('many concurrent connections to the delay server (total ≈ the longest delay)', async () => {
      const t0 = performance.now();
      const bodies = await mode.exec(each.rt, joinAll(Array.from({ length: 50 }, (_, i) => get(100 + (i % 5) * 20, `r${i}`))));
      expect(bodies).to.deep.equal(Array.from({ length: 50 }, (_, i) => `r${i}`));
      expect(performance.now() - t0).to.be.below(3000);
    });

    it('resolves localhost off the thread', async () => {
      const addrs = await mode.exec(each.rt, lookup('localhost'));
      expect(addrs.map((a) => a.address).some((a) => a === '127.0.0.1' || a === '::1')).to.equal(true);
    });

    it('abort() disposes the task at once: its socket is closed, its timer cancelled', async () => {
      const reactor = each.rt.driver as unknown as { registrations: number; timers: number };
      await mode.exec(each.rt, lookup('localhost')); // the reactor's resolver exists before counting
      const before = fdCount();
      await mode.exec(each.rt, coroutine(function* () {
        const h = spawn(coroutine(function* () {
          // `using`: disposing the coroutine runs its finally blocks, which close the socket.
          using s = yield* wait(TcpStream.connect(`127.0.0.1:${server.port}`));
          yield* wait(s.readToEnd()); // the server says nothing: waits forever
        })());
        const t = spawn(sleep(60_000));
        yield* wait(sleep(30));
        expect(reactor.registrations).to.equal(1);
        expect(reactor.timers).to.equal(1);
        h.abort();
        t.abort();
        expect(h.isFinished()).to.equal(true);
        expect(reactor.registrations).to.equal(0);
        expect(reactor.timers).to.equal(0);
        let code = '';
        try {
          yield* wait(h);
        } catch (err) {
          code = (err as { code: string }).code;
        }
        expect(code).to.equal('ERR_TASK_ABORTED');
      })());
      expect(fdCount()).to.equal(before);
    });

    it('race(): the losing request is disposed and its fd released', async () => {
      await mode.exec(each.rt, lookup('localhost'));
      const before = fdCount();
      const winner = await mode.exec(each.rt, race(get(20, 'fast'), get(3000, 'slow') as Future<string>));
      expect(winner).to.equal('fast');
      expect(fdCount()).to.equal(before);
    });
  });
}
