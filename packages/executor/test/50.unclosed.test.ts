import { expect } from 'chai';
import { child } from './util/child.js';

const warnings = (stderr: string) => stderr.split('\n').filter((l) => l.includes('FERRITE_UNCLOSED'));

// In child processes: garbage collection is forced there and its warnings read from stderr.
describe('a Runtime dropped without close() is closed when collected', () => {
  it('blockOn-only, with a task left that nobody can run: task disposed (finally ran), fds back, warning', () => {
    const r = child(`
      const before = fdCount();
      const log = [];
      (() => {
        const rt = new E.Runtime();
        const listener = R.TcpListener.bind('127.0.0.1:0');
        rt.blockOn(F.coroutine(function* () {
          E.spawn(F.coroutine(function* () {
            const s = yield* F.wait(R.TcpStream.connect('127.0.0.1:' + listener.localAddr().port));
            try { yield* F.wait(s.readToEnd()); } finally { s.close(); log.push('task finally'); }
          })()).detach();
          const [conn] = yield* F.wait(listener.accept());
          yield* F.wait(R.sleep(5));
          conn.close();
          listener.close();
        })());
        // rt and its still-waiting task are dropped here
      })();
      const open = fdCount();
      await collect();
      console.log(JSON.stringify({ before, open, after: fdCount(), log }));`);
    expect(r.status, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout);
    expect(out.open).to.be.greaterThan(out.before);
    expect(out.after).to.equal(out.before);
    expect(out.log).to.deep.equal(['task finally']);
    expect(warnings(r.stderr)).to.have.length(1);
    expect(r.stderr).to.include('Closing a ferrite Runtime on garbage collection, aborting 1 unfinished task(s)');
  });

  it('in run() mode Node\'s loop keeps it alive while it has tasks; collected (and closed) only after', () => {
    const r = child(`
      let warned = false;
      process.on('warning', (w) => { if (w.code === 'FERRITE_UNCLOSED') warned = true; });
      const before = fdCount();
      let open;
      const gate = new Promise((resolve) => (open = resolve));
      // Nobody holds this runtime: only Node's loop, through its unfinished tasks.
      const result = new E.Runtime().run(F.coroutine(function* () {
        const h = E.spawn(F.coroutine(function* () { yield* F.wait(R.sleep(5)); return 'spawned'; })());
        const gated = yield* F.wait(F.fromPromise(gate));
        return [yield* F.wait(h), gated];
      })());
      await collect();
      await new Promise((r) => setTimeout(r, 20)); // the spawned task's timer fires meanwhile
      await collect();
      const warnedEarly = warned;
      open('root');
      const value = await result;
      await collect();
      console.log(JSON.stringify({ value, warnedEarly, warned, fdsBack: fdCount() === before }));`);
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout)).to.deep.equal({ value: ['spawned', 'root'], warnedEarly: false, warned: true, fdsBack: true });
  });

  it('never for a runtime still held, nor for one closed explicitly', () => {
    const r = child(`
      const kept = new E.Runtime();
      kept.blockOn(R.sleep(1));
      kept.spawn(R.sleep(60_000)).detach();
      (() => { const rt = new E.Runtime(); rt.blockOn(R.sleep(1)); rt.close(); })();
      await collect();
      console.log(kept.tasks);
      kept.close();`);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout.trim()).to.equal('1');
    expect(warnings(r.stderr)).to.deep.equal([]);
  });
});
