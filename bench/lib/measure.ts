// Measurement that holds on a loaded 2-core machine: CPU time per operation (process.cpuUsage,
// user + system) next to wall-clock throughput, ferrite and its peers interleaved round by round
// (A B B A ...: a load drift hits both sides alike) after a warm-up, and as many rounds as it
// takes for every side's median to be known within ±10% (see `spreadOf`), up to a cap.
import { arg } from './report.js';
import { STABLE, spreadOf } from './stats.js';

/** One repetition of one side: what it cost. */
export interface Sample {
  /** CPU time of this process (user + system) per operation, ns. */
  cpuNs: number;
  /** Operations per wall-clock second. */
  perSec: number;
}

/** Runs `ops` operations through `fn` and returns their CPU cost and wall-clock rate. */
export async function sample(ops: number, fn: () => unknown): Promise<Sample> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { cpuNs: ((cpu.user + cpu.system) * 1000) / ops, perSec: ops / (ms / 1000) };
}

export interface Rounds {
  /** Fewest rounds (default `--runs`, else 5). */
  min?: number;
  /** Most rounds (default `--max-runs`, else 25). */
  max?: number;
  /** Stop adding rounds after this many seconds, stable or not (default 120). */
  seconds?: number;
  /** The figure that must be stable (default the CPU time per operation). */
  key?: (s: Sample) => number;
}

/**
 * Interleaves `sides` (ferrite first, then each peer) round after round: one warm-up round, then
 * rounds in alternating order (ferrite first on even rounds, last on odd ones) until every side's
 * key figure is stable, or the cap is reached. Progress goes to stderr under `label`.
 */
export async function interleave<K extends string, S extends Sample = Sample>(label: string, sides: Record<K, () => Promise<S> | S>, opts: Rounds = {}): Promise<Record<K, S[]>> {
  const min = opts.min ?? arg('runs', 5);
  const max = Math.max(min, opts.max ?? arg('max-runs', 25));
  const seconds = opts.seconds ?? arg('max-seconds', 120);
  const key = opts.key ?? ((s: Sample) => s.cpuNs);
  const names = Object.keys(sides) as K[];
  const out = Object.fromEntries(names.map((n) => [n, [] as S[]])) as Record<K, S[]>;
  for (const n of names) await sides[n](); // warm-up: JIT, pools, first-touch pages
  const t0 = performance.now();
  for (let r = 0; r < max; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const n of order) out[n].push(await sides[n]());
    const widest = Math.max(...names.map((n) => spreadOf(out[n].map(key)).rel));
    process.stderr.write(`\r${label}: round ${r + 1} (min ${min}, max ${max}), widest spread ±${(widest * 100).toFixed(0)}%   `);
    if (r + 1 >= min && widest <= STABLE) break;
    if ((performance.now() - t0) / 1000 > seconds && r + 1 >= min) break;
  }
  process.stderr.write('\n');
  return out;
}
