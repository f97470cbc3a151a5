import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { Poll, coroutine, join, lazy, pollFn, wait } from '@ferrite/future';
import { TcpStream, lookup, sleep, timeout } from '@ferrite/reactor';
import { Runtime, currentRuntime, defaultRuntime, yieldNow } from '../src/index.js';
import { child } from './util/child.js';

const codeOf = async (p: PromiseLike<unknown>) => {
  try {
    await p;
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return 'resolved';
};

describe('await of any ferrite future (the default runtime drives it)', () => {
  it('await sleep(50) takes 50 ms and is void', async () => {
    const t0 = performance.now();
    const v: void = await sleep(50);
    expect(v).to.equal(undefined);
    expect(performance.now() - t0).to.be.at.least(50);
  });

  it('await timeout(f, ms) gives f\'s output, or rejects with ERR_TIMEOUT', async () => {
    const n: number = await timeout(lazy(() => 5), 1000);
    expect(n).to.equal(5);
    const t0 = performance.now();
    expect(await codeOf(timeout(sleep(10_000), 20))).to.equal('ERR_TIMEOUT');
    expect(performance.now() - t0).to.be.within(20, 5000);
  });

  it('sockets and lookups are awaitable: an HTTP exchange with an in-process Node server', async () => {
    const server = createServer((req, res) => res.end(`node says ${req.url}`));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const addresses = await lookup('localhost');
      expect(addresses.length).to.be.greaterThan(0);
      using stream = await timeout(TcpStream.connect(`127.0.0.1:${port}`), 2000);
      await stream.writeAll(new TextEncoder().encode('GET /awaited HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
      const reply = new TextDecoder().decode(await stream.readToEnd());
      expect(reply.slice(reply.indexOf('\r\n\r\n') + 4)).to.equal('node says /awaited');
    } finally {
      server.close();
    }
  });

  it('coroutines, combinators and yieldNow() are awaitable and typed by their output', async () => {
    const twice = coroutine(function* (x: number) {
      yield* wait(sleep(5));
      return x * 2;
    });
    const n: number = await twice(21);
    const [a, b]: [number, void] = await join(twice(1), sleep(5));
    const y: void = await yieldNow();
    expect([n, a, b, y]).to.deep.equal([42, 2, undefined, undefined]);
  });

  it('a failing future rejects the await with its error', async () => {
    expect(await codeOf(coroutine(function* () {
      yield* wait(sleep(1));
      throw Object.assign(new Error('no'), { code: 'E_NO' });
    })())).to.equal('E_NO');
  });

  it('awaiting (or then) twice runs the future once', async () => {
    let runs = 0;
    const f = coroutine(function* () {
      runs++;
      yield* wait(sleep(5));
      return runs;
    })();
    const [a, b] = await Promise.all([f, f.then((v) => v + 10)]);
    expect([a, b, await f, runs]).to.deep.equal([1, 11, 1, 1]);
  });

  it('runs on defaultRuntime(): one per thread, attached to Node\'s loop', async () => {
    const rt = defaultRuntime();
    expect(defaultRuntime()).to.equal(rt);
    expect(rt).to.be.instanceOf(Runtime);
    expect(await pollFn(() => Poll.ready(currentRuntime()))).to.equal(rt);
    // Spawned work runs without anybody awaiting it: the runtime is already in Node's loop.
    let ran = false;
    rt.spawn(lazy(() => (ran = true))).detach();
    await new Promise((r) => setTimeout(r, 5));
    expect(ran).to.equal(true);
  });

  it('a closed default runtime is replaced at the next call', async () => {
    const old = defaultRuntime();
    old.close();
    expect(old.closed).to.equal(true);
    const fresh = defaultRuntime();
    expect(fresh).to.not.equal(old);
    expect(await lazy(() => 'still awaitable')).to.equal('still awaitable');
  });

  it('thenable assimilation: a future returned from an async function or given to Promise.all runs too', async () => {
    const t0 = performance.now();
    const viaAsync = async () => sleep(20);
    await viaAsync();
    expect(performance.now() - t0).to.be.at.least(20);
    const all: [void, number] = await Promise.all([sleep(10), lazy(() => 7)]);
    expect(all).to.deep.equal([undefined, 7]);
  });
});

describe('await in a script (a child process)', () => {
  it('a script that only awaits sleep() waits, prints and exits 0: the default runtime keeps nothing alive after', () => {
    const r = child(`
      const t0 = performance.now();
      await R.sleep(100);
      console.log('slept', performance.now() - t0 >= 100);`);
    expect(r.stderr).to.equal('');
    expect(r.stdout.trim()).to.equal('slept true');
    expect(r.status).to.equal(0);
  });

  it("an idle default runtime does not keep the process alive; at exit it is closed (its tasks' finally blocks run)", () => {
    const r = child(`
      const rt = E.defaultRuntime();
      rt.spawn(F.coroutine(function* () {
        try { yield* F.wait(F.pending()); } finally { console.log('finally at exit'); }
      })()).detach();
      process.on('exit', () => console.log('closed', rt.closed));
      console.log('end of script');`);
    expect(r.stderr).to.equal('');
    expect(r.stdout.trim().split('\n')).to.deep.equal(['end of script', 'finally at exit', 'closed true']);
    expect(r.status).to.equal(0);
  });
});
