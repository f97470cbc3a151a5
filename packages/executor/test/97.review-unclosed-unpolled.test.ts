import { expect } from 'chai';
import { child } from './util/child.js';

// Review of "a task enters the registry at its first wait": a Runtime dropped without close()
// is closed when collected, and its tasks never polled (only in its ready queue) must be dropped
// then too. In a child process: garbage collection is forced there and its warning read.
describe('review: a dropped Runtime with tasks never polled', () => {
  it('is closed when collected: each never-polled task dropped once, newest first; fds back; one warning', () => {
    const r = child(`
      const before = fdCount();
      const log = [];
      const forever = (name) => ({ poll: () => F.PENDING, [Symbol.dispose]: () => log.push(name) });
      (() => {
        const rt = new E.Runtime();
        rt.blockOn(F.coroutine(function* () {
          E.spawn(forever('waiting'));
          yield* F.wait(E.yieldNow());
          for (let i = 0; i < 1100; i++) E.spawn(forever('u' + i)); // over a block edge, never polled
        })());
        for (let i = 0; i < 3; i++) rt.spawn(forever('outside' + i)); // spawned outside any run
      })();
      for (let i = 0; i < 20 && log.length === 0; i++) await collect();
      console.log(JSON.stringify({ n: log.length, unique: new Set(log).size, first: log.slice(0, 4), last: log.at(-1), fds: fdCount() - before }));
    `);
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout.trim())).to.deep.equal({ n: 1104, unique: 1104, first: ['outside2', 'outside1', 'outside0', 'u1099'], last: 'waiting', fds: 0 });
    expect(r.stderr.split('\n').filter((l) => l.includes('FERRITE_UNCLOSED'))).to.have.length(1);
  });
});
