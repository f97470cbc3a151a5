import { expect } from 'chai';
import { coroutine, wait } from '@ferrite/future';
import { sleep, timeout } from '@ferrite/reactor';
import { Runtime } from '../src/index.js';
import { child } from './util/child.js';
import { MODES } from './util/modes.js';

for (const mode of MODES) {
  describe(`huge delays do not poison the runtime (${mode.name})`, () => {
    it('timeout(f, Number.MAX_VALUE) is f, and later runs still work', async () => {
      using rt = new Runtime();
      for (const ms of [Number.MAX_VALUE, 1e300, 2 ** 53]) {
        expect(await mode.exec(rt, timeout(coroutine(function* () {
          yield* wait(sleep(2));
          return ms;
        })(), ms))).to.equal(ms);
      }
      expect(await mode.exec(rt, sleep(5))).to.equal(undefined);
    });
  });
}

describe('a timer that can never fire', () => {
  it('blockOn(sleep(1e300)) is ERR_DEADLOCK at once, like blockOn(pending()); the runtime stays usable', () => {
    using rt = new Runtime();
    const t0 = performance.now();
    expect(() => rt.blockOn(sleep(1e300))).to.throw().with.property('code', 'ERR_DEADLOCK');
    expect(performance.now() - t0).to.be.below(1000);
    expect(rt.blockOn(timeout(sleep(1), 1e300))).to.equal(undefined);
  });

  it('in run() mode, with a timerfd as strict as the native binding was, the process neither exits nor fails later runs', () => {
    const r = child(`
      strictTimerFd();
      const rt = new E.Runtime();
      const results = [];
      for (const ms of [Number.MAX_VALUE, 1e300]) {
        try { await rt.run(R.timeout(R.sleep(5), ms)); results.push('ok'); } catch (e) { results.push(e.code); }
        try { await rt.run(R.sleep(5)); results.push('ok'); } catch (e) { results.push(e.code); }
      }
      rt.close();
      console.log(JSON.stringify(results));`);
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout)).to.deep.equal(['ok', 'ok', 'ok', 'ok']);
  });
});
