// Property-based fuzz of the response parser (fast-check, fixed seed): random valid responses
// (lengths, chunk sizes, extensions, trailers, interim responses, field orders and cases) decode
// to what was generated; random mutations of them end in a message or a coded HttpError, decided
// on the same byte however they are split, never past the framing, never waiting at end of
// stream; and both agree with Node's llhttp except where the README says we differ on purpose.
// The longer run is test/stress/35.parser-fuzz.stress.ts (npm run test:stress).
import { expect } from 'chai';
import fc from 'fast-check';
import { mutationProperty, newStats, validProperty } from './util/fuzz-run.js';

const SEED = 0x5eed_0012;

describe('parser fuzz (fixed seed) against Node llhttp', () => {
  it('random valid responses decode to what was generated', () => {
    const stats = newStats();
    fc.assert(validProperty(stats), { seed: SEED, numRuns: 300 });
    expect(stats.valid).to.equal(300);
  });

  it('random mutations: a message or a coded error, at any split, never past the framing', () => {
    const stats = newStats();
    fc.assert(mutationProperty(stats), { seed: SEED, numRuns: 600 });
    expect(stats.mutated).to.equal(600);
    // The mutations must exercise both outcomes, or the property proves little.
    expect(stats.accepted).to.be.above(20);
    expect(stats.refused).to.be.above(100);
  });
});
