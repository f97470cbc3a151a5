import { expect } from 'chai';
import { ready } from '@ferrite/future';
import { sleep } from '@ferrite/reactor';
import { Runtime } from '../src/index.js';

const TYPE = 'ERR_INVALID_ARG_TYPE';
const VALUE = 'ERR_INVALID_ARG_VALUE';
const RANGE = 'ERR_OUT_OF_RANGE';

describe('misuse of Runtime is a coded error, and leaves nothing behind', () => {
  const options: [string, unknown, string][] = [
    ['"fast"', 'fast', TYPE],
    ['null', null, TYPE],
    ['{ budget: "61" }', { budget: '61' }, TYPE],
    ['{ budget: 0 }', { budget: 0 }, VALUE],
    ['{ budget: -1 }', { budget: -1 }, VALUE],
    ['{ budget: 1.5 }', { budget: 1.5 }, VALUE],
    ['{ budget: NaN }', { budget: NaN }, VALUE],
    ['{ budget: Infinity }', { budget: Infinity }, VALUE],
    ['{ budget: 1e9 }', { budget: 1e9 }, RANGE],
    ['{ driver: {} }', { driver: {} }, TYPE],
    ['{ driver: 42 }', { driver: 42 }, TYPE],
    ['{ onUnhandledError: "log" }', { onUnhandledError: 'log' }, TYPE],
  ];
  for (const [name, opts, code] of options) {
    it(`new Runtime(${name}) → ${code}`, () => {
      expect(() => new Runtime(opts as never)).to.throw().with.property('code', code);
    });
  }

  const calls: [string, (rt: Runtime) => unknown][] = [
    ['spawn(42)', (rt) => rt.spawn(42 as never)],
    ['spawn(undefined)', (rt) => rt.spawn(undefined as never)],
    ['blockOn(null)', (rt) => rt.blockOn(null as never)],
    ['blockOn(() => 1)', (rt) => rt.blockOn((() => 1) as never)],
    ['run("x")', (rt) => rt.run('x' as never)],
    ['run({ poll: 1 })', (rt) => rt.run({ poll: 1 } as never)],
  ];
  for (const [name, call] of calls) {
    it(`runtime.${name} → ${TYPE}, no task created`, () => {
      using rt = new Runtime();
      expect(() => call(rt)).to.throw().with.property('code', TYPE);
      expect(rt.tasks).to.equal(0);
      expect(rt.blockOn(sleep(1))).to.equal(undefined);
    });
  }

  it('the limits themselves are accepted', () => {
    for (const budget of [1, 65_536]) {
      using rt = new Runtime({ budget });
      expect(rt.blockOn(ready(budget))).to.equal(budget);
    }
  });
});
