// The two fuzz properties, shared by test 35 (fixed seed, a few seconds) and the stress run
// (STRESS_SECONDS). Counts what happened, so the run can say what it found.
import fc from 'fast-check';
import { decodeSplits, disagreement, explain, llhttp, mutatedResponse, validResponse } from './fuzz.js';

export interface FuzzStats {
  valid: number;
  mutated: number;
  /** Mutations we accepted / refused. */
  accepted: number;
  refused: number;
  /** Disagreements with llhttp, by the known difference that explains them. */
  explained: Record<string, number>;
}

export const newStats = (): FuzzStats => ({ valid: 0, mutated: 0, accepted: 0, refused: 0, explained: {} });

const cutsArb = fc.array(fc.nat(), { minLength: 2, maxLength: 2 });

/** Random valid responses decode to what was generated, at any split, as llhttp decodes them. */
export function validProperty(stats: FuzzStats) {
  return fc.property(validResponse, cutsArb, (g, cuts) => {
    stats.valid++;
    const out = decodeSplits(g.raw, g, cuts);
    if (out.kind !== 'message') throw new Error(`refused a valid response: ${JSON.stringify(out)}\n${JSON.stringify(g.raw)}`);
    if (JSON.stringify(out.message) !== JSON.stringify(g.want)) throw new Error(`decoded ${JSON.stringify(out.message)}\n wanted ${JSON.stringify(g.want)}\n from ${JSON.stringify(g.raw)}`);
    if (out.consumed !== g.length) throw new Error(`consumed ${out.consumed} of a ${g.length}-byte response`);
    const theirs = llhttp(Buffer.from(g.raw, 'latin1'), g);
    const diff = disagreement(out, theirs);
    if (diff !== null) note(stats, g.raw, g.method, diff);
  });
}

/** Mutations: a coded error or a message, at any split, never past the framing; as llhttp, or a known difference. */
export function mutationProperty(stats: FuzzStats) {
  return fc.property(mutatedResponse, cutsArb, (m, cuts) => {
    stats.mutated++;
    const out = decodeSplits(m.raw, m, cuts);
    if (out.kind === 'message') stats.accepted++;
    else stats.refused++;
    // The same input on an open connection: decided on the same byte, or still waiting.
    const open = decodeSplits(m.raw, { ...m, eof: false }, cuts);
    if (open.kind !== 'incomplete' && JSON.stringify(open) !== JSON.stringify(out)) throw new Error(`EOF changed an answer already given: ${JSON.stringify(open)} vs ${JSON.stringify(out)}`);
    // A small maxHeaderSize (heads and trailers): the limit too is met on the same byte at any split.
    decodeSplits(m.raw, { ...m, maxHeaderSize: 32 + (cuts[0]! % 200) }, cuts);
    const diff = disagreement(out, llhttp(Buffer.from(m.raw, 'latin1'), m));
    if (diff !== null) note(stats, m.raw, m.method, diff);
  });
}

function note(stats: FuzzStats, raw: string, method: 'GET' | 'HEAD', diff: string): void {
  const why = explain(raw, method);
  if (why.length === 0) throw new Error(`unexplained disagreement with llhttp on ${JSON.stringify(raw)}:\n ${diff}`);
  for (const w of why) stats.explained[w] = (stats.explained[w] ?? 0) + 1;
}
