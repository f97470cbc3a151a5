// Printing for benchmarks: a table of figures, their spreads and the ratio ours / theirs, plus one
// machine-readable `RESULT {json}` line per comparison for the report generator.
import type { Sample } from './measure.js';
import { median, spreadOf, STABLE } from './stats.js';
export interface Comparison {
  bench: string;
  metric: string;
  unit: string;
  /** Higher is better (rates) or lower is better (latencies, ns per op). */
  better: 'higher' | 'lower';
  ferrite: number[];
  peers: Record<string, number[]>;
}

export { median } from './stats.js';

const fmt = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));
const pct = (xs: number[]) => {
  const s = spreadOf(xs);
  return `±${(s.rel * 100).toFixed(0)}%${s.rel > STABLE ? ' UNSTABLE' : ''}`;
};

export function report(c: Comparison): void {
  const ours = median(c.ferrite);
  console.log(`\n${c.bench}: ${c.metric} (${c.unit}, median of ${c.ferrite.length}; ${c.better} is better)`);
  console.log(`  ${'ferrite'.padEnd(18)} ${fmt(ours).padStart(14)} ${pct(c.ferrite).padEnd(14)} [${c.ferrite.map(fmt).join(', ')}]`);
  for (const [name, runs] of Object.entries(c.peers)) {
    const theirs = median(runs);
    const adv = c.better === 'higher' ? ours / theirs : theirs / ours;
    console.log(`  ${name.padEnd(18)} ${fmt(theirs).padStart(14)} ${pct(runs).padEnd(14)} [${runs.map(fmt).join(', ')}]   ferrite advantage ${adv.toFixed(2)}`);
  }
  console.log(`RESULT ${JSON.stringify(c)}`);
}

/** Reports a CPU-per-operation comparison and the wall-clock throughput of the same rounds. */
export function reportSamples(bench: string, unit: string, samples: { ferrite: Sample[] } & Record<string, Sample[]>): void {
  const peers = Object.entries(samples).filter(([k]) => k !== 'ferrite');
  report({ bench, metric: 'CPU per op', unit: 'ns CPU', better: 'lower', ferrite: samples.ferrite.map((s) => s.cpuNs), peers: Object.fromEntries(peers.map(([k, v]) => [k, v.map((s) => s.cpuNs)])) });
  report({ bench, metric: 'throughput', unit, better: 'higher', ferrite: samples.ferrite.map((s) => s.perSec), peers: Object.fromEntries(peers.map(([k, v]) => [k, v.map((s) => s.perSec)])) });
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
