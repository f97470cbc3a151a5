import { expect } from 'chai';
import { join } from '@ferrite/future';
import { sleep, sleepUntil } from '@ferrite/reactor';
import { Runtime } from '../src/index.js';
import { child } from './util/child.js';
import { MODES } from './util/modes.js';

describe('a weak sleepUntil keeps no runtime busy', () => {
  it('blockOn of a weak deadline alone is ERR_DEADLOCK at once (it would never be driven), not a 60 s wait', () => {
    using rt = new Runtime();
    expect(() => rt.blockOn(sleepUntil(performance.now() + 60_000, { weak: true }))).to.throw().with.property('code', 'ERR_DEADLOCK');
    expect(rt.driver.isIdle()).to.equal(true);
  });

  for (const mode of MODES) {
    it(`fires when the runtime runs anyway (${mode.name}): joined with a longer strong sleep, both finish`, async () => {
      using rt = new Runtime();
      // Had the weak one not fired, the runtime would be left with nothing but it: ERR_DEADLOCK / a hang.
      const out = await mode.exec(rt, join(sleepUntil(performance.now() + 10, { weak: true }), sleep(100)));
      expect(out).to.deep.equal([undefined, undefined]);
    });
  }

  it('in run() mode it does not keep the process alive', () => {
    const r = child(`
      const rt = new E.Runtime();
      rt.run(R.sleepUntil(performance.now() + 60_000, { weak: true })).then(() => console.log('fired'));
      process.on('exit', () => console.log('exit'));
    `);
    expect(r.stderr).to.equal('');
    expect([r.status, r.stdout.trim()]).to.deep.equal([0, 'exit']);
  });
});
