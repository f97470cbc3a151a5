import { expect } from 'chai';
import { child } from './util/child.js';

// In a child process: a throwing error handler ends in an uncaught exception, observed there.
describe('cleanup code that throws cannot stop close() half-way', () => {
  it('a throwing finally goes to onUnhandledError, a throwing onUnhandledError surfaces as uncaught; everything is closed', () => {
    const r = child(`
      const uncaught = [];
      process.on('uncaughtException', (e) => uncaught.push(e.message));
      const before = fdCount();
      const log = [];
      const rt = new E.Runtime({ onUnhandledError: (e) => { log.push('reported: ' + e.message); throw new Error('handler failed'); } });
      const listener = R.TcpListener.bind('127.0.0.1:0');
      const port = listener.localAddr().port;
      const held = (name) => F.coroutine(function* () {
        const s = yield* F.wait(R.TcpStream.connect('127.0.0.1:' + port));
        try { yield* F.wait(s.readToEnd()); } finally { s.close(); log.push(name + ' closed'); throw new Error(name + ' finally failed'); }
      })();
      rt.spawn(held('a')).detach();
      rt.spawn(held('b')).detach();
      rt.blockOn(F.coroutine(function* () {
        const a = yield* F.wait(listener.accept());
        const b = yield* F.wait(listener.accept());
        a[0].close(); b[0].close();
      })());
      // The peers' close wakes the readers, whose finally blocks throw: the tasks fail, reported.
      rt.close();
      listener.close();
      await new Promise((r) => setImmediate(r));
      console.log(JSON.stringify({ log: log.sort(), uncaught, tasks: rt.tasks, fdsBack: fdCount() === before }));`);
    expect(r.status, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout);
    expect(out.tasks).to.equal(0);
    expect(out.fdsBack).to.equal(true);
    expect(out.log).to.include.members(['a closed', 'b closed', 'reported: a finally failed', 'reported: b finally failed']);
    expect(out.uncaught).to.deep.equal(['handler failed', 'handler failed']);
  });
});
