import { expect } from 'chai';
import { child } from './util/child.js';

// A Sleep is its own timer entry: the reactor holds it only while it is queued, so a fired or
// cancelled sleep (and whatever its waker reaches) can be collected while the reactor lives on.
describe('timers let go of what they no longer need', () => {
  it('fired and cancelled sleeps are collected; the reactor counts no timer for them', () => {
    const r = child(`
      const reactor = new R.Reactor();
      // In a function of its own: a suspended async frame would keep its last loop value alive.
      const arm = () => {
        const refs = [];
        const cancelled = Array.from({ length: 1000 }, () => R.sleep(60_000));
        const fired = Array.from({ length: 1000 }, (_, i) => R.sleep(i % 3));
        reactor.enter(() => { for (const s of [...cancelled, ...fired]) s.poll(F.Context.noop()); });
        for (const s of cancelled) s[Symbol.dispose]();
        for (const s of [...cancelled, ...fired]) refs.push(new WeakRef(s));
        return refs;
      };
      const refs = arm();
      const queued = reactor.timers + 1000;
      const deadline = performance.now() + 5000;
      while (reactor.timers > 0 && performance.now() < deadline) reactor.turn(10);
      await collect();
      console.log(JSON.stringify({ queued, left: reactor.timers, alive: refs.filter((w) => w.deref() !== undefined).length }));
      reactor.close();
    `);
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout)).to.deep.equal({ queued: 2000, left: 0, alive: 0 });
  });
});
