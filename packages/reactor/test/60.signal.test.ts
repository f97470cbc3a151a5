// signal() and ctrlC(): a thread that owns its loop hears process signals. In child processes:
// signal dispositions belong to the whole process.
import { spawnSync } from 'node:child_process';
import { expect } from 'chai';

const SRC = new URL('../src/index.ts', import.meta.url).href;

/** Runs `body` with R (this package), F (@ferrite/future), `block(reactor, future)` and `killSoon(sig, ms)`. */
function run(body: string) {
  const code = `const R = await import(${JSON.stringify(SRC)});
    const F = await import('@ferrite/future');
    const { TestExecutor } = await import('@ferrite/future/testing');
    const { Worker } = await import('node:worker_threads');
    // Polls a future to completion, turning the reactor (blocking epoll_wait) when nothing is ready:
    // Node's loop does not run meanwhile, as under blockOn.
    const block = (reactor, fut) => { const ex = new TestExecutor(); const t = ex.spawn(fut);
      reactor.enter(() => { for (;;) { ex.runUntilStalled(); if (t.done) return; reactor.turn(5000); } });
      if (t.failed) throw t.error; return t.value; };
    // Another thread sends the signal, while this one is blocked.
    const killSoon = (sig, ms) => new Worker('setTimeout(() => process.kill(process.pid, "' + sig + '"), ' + ms + ')', { eval: true, execArgv: [] });
    ${body}`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: new URL('..', import.meta.url).pathname,
    encoding: 'utf8',
    timeout: 20_000,
    killSignal: 'SIGKILL', // SIGTERM is what these children listen for
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' }, // lerna forces colours; console.log would colour numbers
  });
  return { ...r, lines: r.stdout.trim().split('\n') };
}

describe('signals: signal(name) and ctrlC()', () => {
  it('a blocked loop wakes on SIGTERM and shuts down gracefully instead of being killed', () => {
    const r = run(`
      const reactor = new R.Reactor();
      const term = R.signal('SIGTERM');
      killSoon('SIGTERM', 50);
      const t0 = performance.now();
      const won = block(reactor, F.select(R.sleep(5000), term.recv()));
      console.log(won.index, won.value, performance.now() - t0 < 4000);
    `);
    expect(r.signal, r.stderr).to.equal(null);
    expect(r.lines).to.deep.equal(['1 1 true']);
  });

  it('a signal that arrives before recv() is polled is not lost; deliveries are counted', () => {
    const r = run(`
      const reactor = new R.Reactor();
      const usr2 = R.signal('SIGUSR2');
      process.kill(process.pid, 'SIGUSR2');
      process.kill(process.pid, 'SIGUSR2');
      console.log(block(reactor, usr2.recv()));
      usr2.close();
      usr2.close();
    `);
    expect(r.lines).to.deep.equal(['2']);
  });

  it('ctrlC() resolves on the next SIGINT, then Ctrl-C ends the process again', () => {
    const r = run(`
      const reactor = new R.Reactor();
      killSoon('SIGINT', 50);
      block(reactor, R.ctrlC());
      console.log('graceful');
      process.kill(process.pid, 'SIGINT');
      await new Promise((r) => setTimeout(r, 500));
      console.log('still alive');
    `);
    expect(r.lines).to.deep.equal(['graceful']);
    expect(r.signal).to.equal('SIGINT');
  });

  it('a disposed ctrlC() listens no more; an unpolled one never started', () => {
    const r = run(`
      const reactor = new R.Reactor();
      const never = R.ctrlC();                  // lazy: not listening
      const raced = F.select(R.sleep(10), R.ctrlC());
      console.log(block(reactor, raced).index); // the sleep wins; the loser is disposed
      process.kill(process.pid, 'SIGINT');
      await new Promise((r) => setTimeout(r, 500));
      console.log('still alive');
    `);
    expect(r.lines).to.deep.equal(['0']);
    expect(r.signal).to.equal('SIGINT');
  });

  it('unknown names are refused with a code', () => {
    const r = run(`
      try { R.signal('SIGNOPE'); } catch (e) { console.log(e.code); }
      try { R.signal('SIGKILL'); } catch (e) { console.log(e.code); }
    `);
    expect(r.lines).to.deep.equal(['ERR_UNKNOWN_SIGNAL', 'ERR_INVALID_ARG_VALUE']);
  });

  it('a stream polled under one reactor moves to the next; two waiters are both woken', () => {
    const r = run(`
      const a = new R.Reactor();
      const b = new R.Reactor();
      const usr2 = R.signal('SIGUSR2');
      // Waited on (and given up) under reactor a, then used under reactor b.
      const first = usr2.recv();
      a.enter(() => first.poll(F.Context.noop()));
      F.dispose(first);
      killSoon('SIGUSR2', 50);
      killSoon('SIGUSR2', 300);
      // Two waiters at once: each delivery is taken by one of them, and neither is orphaned.
      const both = block(b, F.join(usr2.recv(), usr2.recv()));
      console.log(both.join());
      usr2.close();
      try { block(b, usr2.recv()); } catch (e) { console.log(e.code); }
      a.close(); b.close();
    `);
    expect(r.signal, r.stderr).to.equal(null);
    expect(r.lines).to.deep.equal(['1,1', 'ERR_CLOSED']);
  });
});
