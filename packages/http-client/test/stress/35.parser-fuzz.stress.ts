// The parser fuzz of test 35 for a time budget (STRESS_SECONDS, default 30) with a fresh seed,
// printed so a failure can be replayed (FUZZ_SEED=... npm run test:stress). Half the time on
// valid responses, half on mutations; says how many cases ran and which known differences with
// llhttp they met.
import { expect } from 'chai';
import fc from 'fast-check';
import { mutationProperty, newStats, validProperty } from '../util/fuzz-run.js';

const SECONDS = Number(process.env.STRESS_SECONDS ?? 30);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

describe(`parser fuzz for ${SECONDS} s against Node llhttp (seed ${SEED})`, () => {
  const stats = newStats();
  const budget = { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: (SECONDS * 1000) / 2, markInterruptAsFailure: false, seed: SEED };

  it('random valid responses decode to what was generated', () => {
    fc.assert(validProperty(stats), budget);
    expect(stats.valid).to.be.above(0);
  });

  it('random mutations: a message or a coded error, at any split, never past the framing', () => {
    fc.assert(mutationProperty(stats), budget);
    expect(stats.mutated).to.be.above(0);
  });

  after(() => {
    console.log(`    ${stats.valid} valid and ${stats.mutated} mutated responses (${stats.accepted} accepted, ${stats.refused} refused); known differences from llhttp met: ${JSON.stringify(stats.explained)}`);
  });
});
