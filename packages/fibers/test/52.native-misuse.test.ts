// Every export of the .node and every public FiberRuntime method, called with wrong receivers,
// types, counts, NaN/Infinity/negative/fractional/huge values: a coded error every time, never a
// signal. The table (test/children/misuse-table.ts) runs in a child process so a crash fails here.
import { expect } from 'chai';
import { expectClean, runChild } from './util/child.js';

describe('misuse of the native binding and the public API', function () {
  this.timeout(60_000);

  it('a coded error for every case of the table, and no crash', () => {
    const r = runChild('misuse-table.ts');
    expectClean(r);
    const { cases, mismatches } = JSON.parse(r.stdout.trim().split('\n').pop()!) as { cases: number; mismatches: string[] };
    expect(mismatches).to.deep.equal([]);
    expect(cases).to.be.at.least(400);
  });
});
