// Printing for benchmarks: a table of figures and the ratio ours / theirs, plus one machine-readable
// `RESULT {json}` line per comparison for the report generator.
export interface Comparison {
  bench: string;
  metric: string;
  unit: string;
  /** Higher is better (rates) or lower is better (latencies, ns per op). */
  better: 'higher' | 'lower';
  ferrite: number[];
  peers: Record<string, number[]>;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const fmt = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));

export function report(c: Comparison): void {
  const ours = median(c.ferrite);
  console.log(`\n${c.bench}: ${c.metric} (${c.unit}, median of ${c.ferrite.length}; ${c.better} is better)`);
  console.log(`  ${'ferrite'.padEnd(18)} ${fmt(ours).padStart(14)}   [${c.ferrite.map(fmt).join(', ')}]`);
  for (const [name, runs] of Object.entries(c.peers)) {
    const theirs = median(runs);
    console.log(`  ${name.padEnd(18)} ${fmt(theirs).padStart(14)}   [${runs.map(fmt).join(', ')}]   ratio ferrite/${name} = ${(ours / theirs).toFixed(2)}`);
  }
  console.log(`RESULT ${JSON.stringify(c)}`);
}

/** Runs `fn` and returns ns per iteration. */
export function nsPerOp(iterations: number, fn: (n: number) => void): number {
  const t0 = process.hrtime.bigint();
  fn(iterations);
  return Number(process.hrtime.bigint() - t0) / iterations;
}

export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

export const quick = process.argv.includes('--quick');
