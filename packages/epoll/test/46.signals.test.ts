// SignalListener: process signals as readable fds. Each case runs in a child process, since a
// signal disposition belongs to the whole process.
import { expect } from 'chai';
import { runChild } from './util/child.js';

const TSX = import.meta.resolve('tsx/esm/api');

function child(body: string) {
  const r = runChild(body);
  return { ...r, lines: r.stdout.trim().split('\n') };
}

describe('SignalListener', () => {
  it('a signal wakes a blocked poll with the listener\'s token instead of killing the process', () => {
    const r = child(`
      const { Poll, Events, Interest, SignalListener } = epoll;
      const poll = new Poll();
      const events = new Events(4);
      const usr2 = new SignalListener('SIGUSR2');
      poll.registry().register(usr2, 7, Interest.READABLE);
      // Another thread sends it while this one blocks in epoll_wait (EINTR is retried, then the
      // eventfd is readable).
      const { Worker } = await import('node:worker_threads');
      new Worker('setTimeout(() => process.kill(process.pid, "SIGUSR2"), 50)', { eval: true, execArgv: [] });
      poll.poll(events, null);
      console.log([...events].map((e) => e.token).join(), usr2.read(), usr2.read() === epoll.WOULD_BLOCK);
      usr2.close();
      poll.close();
    `);
    expect(r.signal, r.stderr).to.equal(null);
    expect(r.lines).to.deep.equal(['7 1 true']);
  });

  for (const sig of ['SIGINT', 'SIGTERM']) {
    it(`${sig}: Node's own exit handler (reset the terminal, re-raise) is replaced while listening, back after`, () => {
      const r = child(`
        const l = new epoll.SignalListener('${sig}');
        process.kill(process.pid, '${sig}');
        console.log(l.read());
        l.close();
        process.kill(process.pid, '${sig}'); // Node's handler again: the process ends here
        await new Promise((r) => setTimeout(r, 500));
        console.log('still alive');
      `);
      expect(r.lines).to.deep.equal(['1']);
      expect(r.signal).to.equal(sig);
    });
  }

  it('counts every delivery; closing the last listener restores the default action', () => {
    const r = child(`
      const a = new epoll.SignalListener('SIGUSR2');
      const b = new epoll.SignalListener('SIGUSR2');
      for (let i = 0; i < 3; i++) process.kill(process.pid, 'SIGUSR2');
      console.log(a.read(), b.read());
      a.close();
      process.kill(process.pid, 'SIGUSR2'); // b still listens
      console.log(b.read());
      b.close();
      process.kill(process.pid, 'SIGUSR2'); // default action: the process ends here
      await new Promise((r) => setTimeout(r, 500));
      console.log('still alive');
    `);
    expect(r.lines).to.deep.equal(['3 3', '1']);
    expect(r.signal).to.equal('SIGUSR2');
  });

  it('lives alongside process.on(): both see the signal, whatever the order they were added in', () => {
    const r = child(`
      const seen = [];
      const before = () => seen.push('on-before');
      process.on('SIGUSR2', before);             // libuv's handler first ...
      const l = new epoll.SignalListener('SIGUSR2');
      const after = () => seen.push('on-after');
      process.on('SIGUSR1', () => {});           // ... and another signal's, later
      process.kill(process.pid, 'SIGUSR2');
      await new Promise((r) => setTimeout(r, 50));
      console.log(l.read(), seen.join());
      // Node's last listener goes: libuv restores SIG_DFL, which must not take the signal from us.
      process.off('SIGUSR2', before);
      process.kill(process.pid, 'SIGUSR2');
      await new Promise((r) => setTimeout(r, 50));
      console.log(l.read());
      // A listener added after ours: libuv installs its handler over ours; both still run.
      process.on('SIGUSR2', after);
      process.kill(process.pid, 'SIGUSR2');
      await new Promise((r) => setTimeout(r, 50));
      console.log(l.read(), seen.join());
      l.close();
      process.off('SIGUSR2', after);
      process.removeAllListeners('SIGUSR1');
    `);
    expect(r.signal, r.stderr).to.equal(null);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.lines).to.deep.equal(['1 on-before', '1', '1 on-before,on-after']);
  });

  it('refuses signals that cannot or must not be caught (and Node\'s SIGUSR1), and unknown names, with codes', () => {
    const r = child(`
      const codes = [];
      for (const name of ['SIGKILL', 'SIGSTOP', 'SIGSEGV', 'SIGBUS', 'SIGFPE', 'SIGILL', 'SIGUSR1', 'NOPE', 42, undefined]) {
        try { new epoll.SignalListener(name).close(); codes.push('ok'); } catch (e) { codes.push(e.code); }
      }
      console.log(codes.join());
    `);
    expect(r.lines).to.deep.equal([
      'ERR_INVALID_ARG_VALUE,ERR_INVALID_ARG_VALUE,ERR_INVALID_ARG_VALUE,ERR_INVALID_ARG_VALUE,ERR_INVALID_ARG_VALUE,ERR_INVALID_ARG_VALUE,ERR_INVALID_ARG_VALUE,ERR_UNKNOWN_SIGNAL,ERR_UNKNOWN_SIGNAL,ERR_UNKNOWN_SIGNAL',
    ]);
  });

  it('a worker\'s listeners are closed when it ends: the default action comes back', () => {
    const r = child(`
      const { Worker } = await import('node:worker_threads');
      const tsx = ${JSON.stringify(TSX)};
      const src = ${JSON.stringify(new URL('../src/index.ts', import.meta.url).href)};
      const w = new Worker(\`(async () => { (await import('\${tsx}')).register();
        const e = await import('\${src}'); globalThis.keep = new e.SignalListener('SIGUSR2'); })()\`, { eval: true });
      await new Promise((r) => w.once('exit', r));
      process.kill(process.pid, 'SIGUSR2');
      await new Promise((r) => setTimeout(r, 500));
      console.log('still alive');
    `);
    expect(r.signal).to.equal('SIGUSR2');
  });
});
