import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { FerriteError, FutureError, PolledAfterCompletion, Waker, ready, type FutureErrorCode } from '../src/index.js';
import * as errors from '../src/errors/index.js';
import { Context } from '../src/context.js';

describe('errors: one base, one class per package, typed codes', () => {
  it('FerriteError carries code, message, cause and the subclass name', () => {
    class PoolError extends FerriteError<'ERR_POOL'> {}
    const cause = new Error('root');
    const e = new PoolError('ERR_POOL', 'no room', { cause });
    expect(e).to.be.instanceOf(Error).and.instanceOf(FerriteError);
    expect([e.name, e.code, e.message, e.cause]).to.deep.equal(['PoolError', 'ERR_POOL', 'no room', cause]);
    expect(String(e.stack)).to.match(/^PoolError: no room/);
  });

  it("future's errors are FutureErrors; PolledAfterCompletion is one with its own name", () => {
    const f = ready(1);
    const cx = new Context(Waker.noop());
    f.poll(cx);
    let err: unknown;
    try {
      f.poll(cx);
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(PolledAfterCompletion).and.instanceOf(FutureError).and.instanceOf(FerriteError);
    expect(err).to.include({ name: 'PolledAfterCompletion', code: 'ERR_POLLED_AFTER_COMPLETION' });
    const code: FutureErrorCode = 'ERR_CLOSED';
    expect(new FutureError(code, 'x').name).to.equal('FutureError');
  });

  it("the '@ferrite/future/errors' subpath is in package.json exports and names the same FerriteError", () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(pkg.exports['./errors']).to.deep.equal({ types: './dist/errors/index.d.ts', default: './dist/errors/index.js' });
    expect(errors.FerriteError).to.equal(FerriteError);
  });
});

describe('argument checks (@ferrite/future/errors)', () => {
  const TYPE = 'ERR_INVALID_ARG_TYPE';
  const VALUE = 'ERR_INVALID_ARG_VALUE';
  const RANGE = 'ERR_OUT_OF_RANGE';
  const cases: [string, () => unknown, string][] = [
    ["checkInteger('3')", () => errors.checkInteger('3', 'n'), TYPE],
    ['checkInteger(1.5)', () => errors.checkInteger(1.5, 'n'), VALUE],
    ['checkInteger(0, min 1)', () => errors.checkInteger(0, 'n', 1), VALUE],
    ['checkInteger(Infinity)', () => errors.checkInteger(Infinity, 'n'), VALUE],
    ['checkInteger(2 ** 53)', () => errors.checkInteger(2 ** 53, 'n'), RANGE],
    ['checkInteger(11, max 10)', () => errors.checkInteger(11, 'n', 0, 10), RANGE],
    ["checkDelay('5')", () => errors.checkDelay('5'), TYPE],
    ['checkDelay(-1)', () => errors.checkDelay(-1), VALUE],
    ['checkDelay(NaN)', () => errors.checkDelay(NaN), VALUE],
    ['checkDelay(Infinity)', () => errors.checkDelay(Infinity), VALUE],
    ['checkTimeout(-1)', () => errors.checkTimeout(-1, 't'), VALUE],
    ["checkTimeout('1s')", () => errors.checkTimeout('1s', 't'), TYPE],
    ['checkFuture(42)', () => errors.checkFuture(42), TYPE],
    ['checkWaker({})', () => errors.checkWaker({}), TYPE],
    ["checkBytes('x')", () => errors.checkBytes('x'), TYPE],
    ['checkFunction(1)', () => errors.checkFunction(1, 'fn'), TYPE],
    ['checkObject(null)', () => errors.checkObject(null), TYPE],
  ];
  for (const [what, call, code] of cases) {
    it(`${what} → ${code}, a ${code === TYPE ? 'TypeError' : 'RangeError'} named as Node names it`, () => {
      const Base = code === TYPE ? TypeError : RangeError;
      expect(call).to.throw(Base).with.property('code', code);
      try {
        call();
      } catch (err) {
        expect((err as Error).name).to.equal(Base.name);
        expect((err as Error).message).to.match(/ must be .+, got /);
      }
    });
  }

  it('valid values pass and come back', () => {
    expect(errors.checkInteger(7, 'n', 1, 10)).to.equal(7);
    expect(errors.checkObject(undefined)).to.deep.equal({});
    expect(() => errors.checkDelay(0)).not.to.throw();
    expect(() => errors.checkTimeout(Infinity, 't')).not.to.throw();
    expect(() => errors.checkWaker(null)).not.to.throw();
    expect(() => errors.checkFuture(ready(1))).not.to.throw();
  });

  it('describeValue says the kind, never a whole long string', () => {
    expect(errors.describeValue('x'.repeat(100))).to.equal(`'${'x'.repeat(40)}...' (string)`);
    expect(errors.describeValue(5)).to.equal('5 (number)');
    expect(errors.describeValue(new Map())).to.equal('an instance of Map');
    expect(errors.describeValue(null)).to.equal('null');
  });
});
