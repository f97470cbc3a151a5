import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import { coroutine, wait } from '@ferrite/future';
import { TestExecutor } from '@ferrite/future/testing';
import { Reactor, sleep } from '../src/index.js';

const SRC = new URL('../src/index.ts', import.meta.url).href;

function child(body: string) {
  const code = `const { Reactor, TcpListener, sleep } = await import(${JSON.stringify(SRC)});
    const { TestExecutor } = await import('@ferrite/future/testing');
    const F = await import('@ferrite/future');
    const { coroutine, wait } = F;
    ${body}`;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: new URL('..', import.meta.url).pathname,
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  return { ...r, ms: performance.now() - t0 };
}

describe('attach(): the reactor inside Node\'s loop', () => {
  it('turns readiness into wakes from libuv callbacks while Node keeps running', async () => {
    const reactor = new Reactor();
    const ex = new TestExecutor();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 2);
    const done = new Promise<number>((resolve) => {
      const task = ex.spawn(coroutine(function* () {
        yield* wait(sleep(40));
        return 7;
      })());
      const drain = () => {
        reactor.enter(() => ex.runUntilStalled());
        reactor.updateRef();
        if (task.done) resolve(task.value as number);
      };
      reactor.attach(drain);
      drain();
    });
    try {
      expect(await done).to.equal(7);
      expect(ticks).to.be.at.least(5);
    } finally {
      clearInterval(ticker);
      reactor.close();
    }
  });

  it('keeps the process alive exactly while a timer is pending', () => {
    const r = child(`
      const reactor = new Reactor();
      const ex = new TestExecutor();
      const t0 = performance.now();
      const task = ex.spawn(coroutine(function* () { yield* wait(sleep(150)); })());
      const drain = () => { reactor.enter(() => ex.runUntilStalled()); reactor.updateRef();
        if (task.done) console.log('slept', performance.now() - t0 >= 150); };
      reactor.attach(drain);
      drain();`);
    expect(r.stderr).to.equal('');
    expect(r.stdout.trim()).to.equal('slept true');
    expect(r.status).to.equal(0);
  });

  it('lets the process exit when nothing is pending', () => {
    const r = child(`
      const reactor = new Reactor();
      reactor.attach(() => {});
      reactor.updateRef();
      console.log('bye');`);
    expect(r.stderr).to.equal('');
    expect(r.stdout.trim()).to.equal('bye');
    expect(r.status).to.equal(0);
    expect(r.ms).to.be.below(10_000);
  });

  it('lets the process go as soon as plain JavaScript cancels the last waiter or timer', () => {
    // A read and a long timer waited on under the attached reactor, then dropped from a Node
    // callback (outside any turn, as cancelling a streamed body does): the process must exit
    // now, not at the next event (which, here, would never come).
    const r = child(`
      const reactor = new Reactor();
      const ex = new TestExecutor();
      const listener = TcpListener.bind('127.0.0.1:0');
      const accepting = listener.accept();
      const long = sleep(60_000);
      const a = ex.spawn(accepting);
      const b = ex.spawn(long);
      const drain = () => { reactor.enter(() => ex.runUntilStalled()); reactor.updateRef(); };
      reactor.attach(drain);
      drain();
      setTimeout(() => {
        F.dispose(accepting);
        F.dispose(long);
        listener.close();
        console.log('dropped', reactor.isIdle());
      }, 50);`);
    expect(r.stderr).to.equal('');
    expect(r.stdout.trim()).to.equal('dropped true');
    expect(r.status).to.equal(0);
    expect(r.ms, 'exited at once, not after the 60 s timer').to.be.below(10_000);
  });
});
