import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { coroutine, fromPromise, pending, wait } from '@ferrite/future';
import { TcpStream, sleep } from '@ferrite/reactor';
import { Runtime, spawn } from '../src/index.js';
import { bytes, fdCount } from './util/modes.js';

describe('blockOn: misuse is a clear error', () => {
  it('blockOn inside blockOn throws ERR_NESTED_BLOCK_ON', () => {
    using rt = new Runtime();
    using inner = new Runtime();
    let code = '';
    rt.blockOn(coroutine(function* () {
      try {
        inner.blockOn(sleep(1));
      } catch (err) {
        code = (err as { code: string }).code;
      }
      yield* wait(sleep(1));
    })());
    expect(code).to.equal('ERR_NESTED_BLOCK_ON');
  });

  it('a blockOn that can never finish throws ERR_DEADLOCK instead of hanging', () => {
    using rt = new Runtime();
    expect(() => rt.blockOn(pending())).to.throw().with.property('code', 'ERR_DEADLOCK');
    // A promise can never settle while blockOn owns the thread: the same diagnosis.
    expect(() => rt.blockOn(fromPromise(new Promise(() => {})))).to.throw().with.property('code', 'ERR_DEADLOCK');
  });
});

describe('run: inside Node\'s event loop', () => {
  it('coexists with an in-process Node http server on the same thread', async () => {
    const server = createServer((req, res) => res.end(`node says ${req.url}`));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    using rt = new Runtime();
    try {
      const text = await rt.run(coroutine(function* () {
        const s = yield* wait(TcpStream.connect(`127.0.0.1:${port}`));
        yield* wait(s.writeAll(bytes('GET /hi HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')));
        const all = new TextDecoder().decode(yield* wait(s.readToEnd()));
        s.close();
        return all.slice(all.indexOf('\r\n\r\n') + 4);
      })());
      expect(text).to.equal('node says /hi');
    } finally {
      server.close();
    }
  });

  it('awaits Promises (fromPromise) and JoinHandles are awaitable from async code', async () => {
    using rt = new Runtime();
    const value = await rt.run(coroutine(function* () {
      const a = yield* wait(fromPromise(new Promise<number>((r) => setTimeout(() => r(20), 10))));
      return a + 1;
    })());
    expect(value).to.equal(21);
    const h = rt.spawn(coroutine(function* () {
      yield* wait(sleep(5));
      return 'handle';
    })());
    await rt.run(sleep(10));
    expect(await h).to.equal('handle');
  });
});

describe('Runtime.close()', () => {
  it('disposes every task; nothing is left registered; fds back to where they were', async () => {
    const rt = new Runtime();
    await rt.run(sleep(0));
    const before = fdCount();
    const listenerTask = rt.spawn(coroutine(function* () {
      yield* wait(sleep(60_000));
    })());
    const reactor = rt.driver as unknown as { timers: number };
    await rt.run(sleep(5));
    expect(reactor.timers).to.equal(1);
    rt.close();
    rt.close();
    expect(listenerTask.isFinished()).to.equal(true);
    expect(rt.tasks).to.equal(0);
    expect(fdCount()).to.be.below(before);
    expect(() => rt.spawn(sleep(1))).to.throw().with.property('code', 'ERR_CLOSED');
    expect(() => spawn(sleep(1))).to.throw().with.property('code', 'ERR_NO_RUNTIME');
  });
});
