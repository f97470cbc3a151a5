import { expect } from 'chai';
import { child } from './util/child.js';

// In a child process: garbage collection is forced there (--expose-gc) and its warnings are read
// from its stderr.
describe('sockets dropped without close() are closed when collected', () => {
  it('a connected TcpStream and a TcpListener: fds back to the baseline, FERRITE_UNCLOSED names them', () => {
    const r = child(`
      const reactor = new R.Reactor();
      // A TestExecutor keeps its tasks (and so their values) in a trace: one per run, dropped after.
      const run = (f) => { const ex = new T.TestExecutor(); const t = ex.spawn(f); reactor.enter(() => { while (!t.done) { ex.runUntilStalled(); if (!t.done) reactor.turn(1000); } }); if (t.failed) throw t.error; return t.value; };
      const before = fdCount();
      (() => {
        const listener = R.TcpListener.bind('127.0.0.1:0');
        const port = listener.localAddr().port;
        run(F.join(listener.accept(), R.TcpStream.connect('127.0.0.1:' + port)));
        // listener, accepted and connected streams all dropped here, none closed
      })();
      const open = fdCount();
      await collect();
      reactor.turn(0);
      console.log(JSON.stringify({ before, open, after: fdCount(), registrations: reactor.registrations }));
      reactor.close();`);
    expect(r.status, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout);
    expect(out.open).to.equal(out.before + 3);
    expect(out.after).to.equal(out.before);
    expect(out.registrations).to.equal(0);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('FERRITE_UNCLOSED'));
    expect(warnings).to.have.length(3);
    expect(r.stderr).to.match(/Closing TcpListener fd \d+ \(127\.0\.0\.1:\d+\) on garbage collection/);
    expect(r.stderr).to.match(/Closing TcpStream fd \d+ \(127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+\) on garbage collection/);
  });

  it('never closes a socket still in use: one a task waits on, or one closed explicitly', () => {
    const r = child(`
      const reactor = new R.Reactor();
      const ex = new T.TestExecutor();
      const listener = R.TcpListener.bind('127.0.0.1:0');
      const port = listener.localAddr().port;
      const peer = (await import('@ferrite/epoll')).net.TcpStream.connect('127.0.0.1:' + port);
      // The task holds the accepted stream only through its own future: waiting keeps it alive.
      const task = ex.spawn(F.coroutine(function* () {
        const [conn] = yield* F.wait(listener.accept());
        const got = yield* F.wait(conn.readToEnd());
        conn.close();
        return new TextDecoder().decode(got);
      })());
      const step = () => reactor.enter(() => { ex.runUntilStalled(); });
      step();
      reactor.turn(100); step();
      await collect();
      const explicit = R.TcpListener.bind('127.0.0.1:0');
      explicit.close();
      await collect();
      peer.write(new TextEncoder().encode('still here'));
      peer.shutdown('write');
      for (let i = 0; i < 20 && !task.done; i++) { reactor.turn(100); step(); }
      console.log(JSON.stringify({ value: task.value, failed: task.failed }));
      peer.close(); listener.close(); reactor.close();`);
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout)).to.deep.equal({ value: 'still here', failed: false });
    expect(r.stderr).not.to.include('FERRITE_UNCLOSED');
  });
});
