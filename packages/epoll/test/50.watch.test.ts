import { expect } from 'chai';
import { Events, Interest, Poll } from '../src/index.js';
import { bytes, drain, socketPair } from './util/index.js';
import { runChild } from './util/child.js';

describe('watch(): the epoll set under Node\'s event loop', () => {
  it('delivers readiness from a libuv callback while the loop keeps running', async () => {
    const poll = new Poll();
    const events = new Events(8);
    const [a, b] = socketPair();
    poll.registry().register(b, 11, Interest.READABLE);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 2);
    try {
      const token = await new Promise<number>((resolve) => {
        poll.watch(() => {
          poll.poll(events, 0);
          for (const e of events) {
            drain(b);
            resolve(e.token);
          }
        });
        setTimeout(() => a.write(bytes('ping')), 40);
      });
      expect(token).to.equal(11);
      // Timers ran while we waited: nothing blocked the loop.
      expect(ticks).to.be.at.least(3);
    } finally {
      clearInterval(ticker);
      poll.unwatch();
      a.close();
      b.close();
      poll.close();
    }
  });

  it('runs microtasks after each callback, as Node does for its own I/O', async () => {
    using poll = new Poll();
    const events = new Events(8);
    const [a, b] = socketPair();
    using _a = a;
    using _b = b;
    poll.registry().register(b, 1, Interest.READABLE);
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      poll.watch(() => {
        poll.poll(events, 0);
        drain(b);
        order.push('callback');
        void Promise.resolve().then(() => {
          order.push('microtask');
          resolve();
        });
      });
      a.write(bytes('x'));
    });
    poll.unwatch();
    expect(order).to.deep.equal(['callback', 'microtask']);
  });

  it('a ref()\'d watch keeps the process alive until it is woken', () => {
    const r = runChild(`
      const { Worker } = await import('node:worker_threads');
      const poll = new epoll.Poll();
      const events = new epoll.Events(4);
      const waker = new epoll.Waker(poll.registry(), 1);
      // The callback holds the waker: an unreferenced Waker would be collected and its fd closed.
      poll.watch(() => { poll.poll(events, 0); console.log('woken', events.get(0).token); waker.close(); poll.close(); });
      // The only other thing alive is an unref()'d worker that wakes us after 150 ms.
      const wake = "(async () => { const fs = await import('node:fs'); const b = Buffer.alloc(8); b[0] = 1;"
        + " setTimeout(() => fs.writeSync(" + waker.fd + ", b), 150); })()";
      const w = new Worker(wake, { eval: true, execArgv: [] });
      w.unref();
    `);
    expect(r.stderr).to.equal('');
    expect(r.stdout.trim()).to.equal('woken 1');
    expect(r.status).to.equal(0);
    expect(r.ms).to.be.at.least(150);
  });

  it('an unref()\'d watch lets the process exit', () => {
    const r = runChild(`
      const poll = new epoll.Poll();
      const waker = new epoll.Waker(poll.registry(), 1);
      poll.watch(() => console.log('never'));
      poll.unref();
      console.log('done');
    `);
    expect(r.stderr).to.equal('');
    expect(r.stdout.trim()).to.equal('done');
    expect(r.status).to.equal(0);
  });

  it('unwatch() stops callbacks; watch() again resumes; close() while watched is safe', async () => {
    const poll = new Poll();
    const events = new Events(8);
    const [a, b] = socketPair();
    poll.registry().register(b, 1, Interest.READABLE, { mode: 'level' });
    let calls = 0;
    poll.watch(() => calls++);
    poll.unwatch();
    a.write(bytes('x'));
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).to.equal(0);
    await new Promise<void>((resolve) => poll.watch(() => {
      calls++;
      poll.poll(events, 0);
      resolve();
    }));
    expect(calls).to.be.at.least(1);
    poll.close();
    poll.close();
    expect(() => poll.watch(() => {})).to.throw().with.property('code', 'ERR_CLOSED');
    a.close();
    b.close();
    await new Promise((r) => setTimeout(r, 10));
  });
});

describe('watch() at process exit', () => {
  it('a watched, unref()\'d poll with events still pending does not crash the exit', () => {
    // libuv runs the loop once more while Node tears down; the callback may fire then and must
    // not try to run JavaScript.
    const r = runChild(`
      const poll = new epoll.Poll();
      const waker = new epoll.Waker(poll.registry(), 1);
      globalThis.keep = waker;
      poll.watch(() => {});
      poll.unref();
      waker.wake();
      console.log('exiting');
    `);
    expect(r.signal).to.equal(null);
    expect(r.stderr).to.equal('');
    expect(r.stdout.trim()).to.equal('exiting');
    expect(r.status).to.equal(0);
  });

  it('an error thrown by the watch callback is an uncaught exception, as for Node\'s own callbacks', () => {
    const r = runChild(`
      const poll = new epoll.Poll();
      const waker = new epoll.Waker(poll.registry(), 1);
      process.on('uncaughtException', (err) => { console.log('caught', err.message); poll.close(); waker.close(); });
      poll.watch(() => { throw new Error('from onReady'); });
      waker.wake();
    `);
    expect(r.stdout.trim()).to.equal('caught from onReady');
    expect(r.status).to.equal(0);
  });

  it('epoll sets nested too deep under a watched poll are refused with ELOOP, not a libuv abort', () => {
    // libuv adds a watched poll's fd to its own set at the next loop turn and aborts if that
    // fails; the nesting must be refused when it is made, while JavaScript can still catch it.
    const r = runChild(`
      const { Poll } = epoll;
      const codes = [];
      const top = new Poll();
      top.watch(() => {});
      let inner = top;
      for (let i = 0; i < 6; i++) {
        const next = new Poll();
        try { inner.registry().register(next, i, epoll.Interest.READABLE); inner = next; } catch (e) { codes.push(e.code); break; }
      }
      // Nested first, watched after: watch() itself refuses.
      const chain = [new Poll()];
      for (let i = 0; i < 4; i++) { const p = new Poll(); chain[chain.length - 1].registry().register(p, i, epoll.Interest.READABLE); chain.push(p); }
      try { chain[0].watch(() => {}); codes.push('watched'); } catch (e) { codes.push(e.code); }
      await new Promise((r) => setTimeout(r, 50)); // a loop turn: libuv's own epoll_ctl happens here
      top.close();
      for (const p of chain) p.close();
      console.log(codes.join());
    `);
    expect(r.signal, r.stderr).to.equal(null);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout.trim()).to.equal('ELOOP,ELOOP');
  });
});
