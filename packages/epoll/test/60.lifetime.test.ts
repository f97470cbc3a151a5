import { expect } from 'chai';
import { Events, Interest, Poll, TimerFd, Waker, net } from '../src/index.js';
import { bytes, openFds, socketPair } from './util/index.js';
import { runChild } from './util/child.js';
import { epollWorker } from './util/worker.js';

describe('lifetime: nothing leaks', () => {
  it('closing everything leaves /proc/self/fd as it was', async () => {
    const before = openFds();
    const poll = new Poll();
    const events = new Events(16);
    const listener = net.TcpListener.bind('127.0.0.1:0');
    const pairs = Array.from({ length: 4 }, () => socketPair());
    const waker = new Waker(poll.registry(), 1);
    const timer = new TimerFd();
    const refused = net.TcpStream.connect(`127.0.0.1:${listener.localAddr().port + 0}`);
    pairs.forEach(([, s], i) => poll.registry().register(s, 10 + i, Interest.READABLE));
    poll.registry().register(timer, 2, Interest.READABLE);
    poll.watch(() => poll.poll(events, 0));
    pairs[0]![0].write(bytes('x'));
    await new Promise((r) => setTimeout(r, 10));
    expect(openFds().length).to.be.greaterThan(before.length + 10);

    poll.close();
    listener.close();
    pairs.flat().forEach((s) => s.close());
    waker.close();
    timer.close();
    refused.close();
    expect(openFds()).to.deep.equal(before);
  });

  it('a failed connect or bind leaves no fd behind', () => {
    const before = openFds();
    using listener = net.TcpListener.bind('127.0.0.1:0');
    for (let i = 0; i < 5; i++) {
      expect(() => net.TcpListener.bind(`127.0.0.1:${listener.localAddr().port}`)).to.throw();
    }
    listener.close();
    expect(openFds()).to.deep.equal(before);
  });

  it('the finalizer closes fds of objects that were never closed', () => {
    const r = runChild(
      `
      const count = () => (await import('node:fs')).readdirSync('/proc/self/fd').length;
      const fs = await import('node:fs');
      const n = () => fs.readdirSync('/proc/self/fd').length;
      const before = n();
      (() => { for (let i = 0; i < 200; i++) { new epoll.TimerFd(); new epoll.Poll(); } })();
      const during = n();
      for (let i = 0; i < 20 && n() > before + 10; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 10)); }
      console.log(JSON.stringify({ before, during, after: n() }));
    `.replace(/const count = .*\n/, ''),
      { nodeArgs: ['--expose-gc'] },
    );
    expect(r.stderr).to.equal('');
    const { before, during, after } = JSON.parse(r.stdout) as Record<string, number>;
    expect(during - before).to.be.at.least(400);
    expect(after - before).to.be.below(10);
  });

  it('loads in worker threads, and a terminated worker\'s fds are closed by the cleanup hook', async () => {
    const before = openFds().length;
    const worker = epollWorker(`
      const poll = new epoll.Poll();
      const l = epoll.net.TcpListener.bind('127.0.0.1:0');
      const s = epoll.net.TcpStream.connect('127.0.0.1:' + l.localAddr().port);
      const waker = new epoll.Waker(poll.registry(), 1);
      globalThis.keep = [poll, l, s, waker]; // reachable: only the cleanup hook may close them
      poll.watch(() => {});           // a live libuv handle, deliberately left running
      (await import('node:worker_threads')).parentPort.postMessage('ready');
    `);
    await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    expect(openFds().length).to.be.at.least(before + 4);
    await worker.terminate();
    expect(openFds().length).to.equal(before);
  });

  it('a worker that forgets everything exits cleanly', async () => {
    const worker = epollWorker(`
      const poll = new epoll.Poll();
      new epoll.TimerFd();
      poll.watch(() => {});
      poll.unref();
    `);
    const code = await new Promise((resolve) => worker.once('exit', resolve));
    expect(code).to.equal(0);
  });
});
