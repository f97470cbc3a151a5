/**
 * Writes bench/RESULTS.md, bench/charts/*.svg and the README's headline table from
 * bench/results.json (written by run.ts). Runnable alone: `node --import tsx bench/write-report.ts`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Comparison } from './lib/report.js';
import { median } from './lib/report.js';
import { spreadOf, STABLE } from './lib/stats.js';
import { barChart, type Bar } from './lib/svg.js';
import { ANALYSIS } from './analysis.js';
import { targetsTable } from './lib/targets.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const data = JSON.parse(readFileSync(here('./results.json'), 'utf8')) as {
  command: string;
  /** With --only: the groups not run, and the run whose figures they keep. */
  kept?: { command: string; date: string; groups: string[] };
  quick?: boolean;
  runs?: number;
  date: string;
  machine: { cpu: string; cores: number; kernel: string; node: string };
  all: { name: string; results: Comparison[] }[];
};
const { all, command, machine } = data;
const quick = data.quick ?? command.includes('--quick');
const RUNS = data.runs ?? 5;
const started = new Date(data.date);

const fmt = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));
/** The median with its ~95% interval (bench/lib/stats.ts) and its width, flagged when too wide. */
const spread = (xs: number[]) => {
  const s = spreadOf(xs);
  return `${fmt(s.median)} (${fmt(s.lo)} – ${fmt(s.hi)}, ±${(s.rel * 100).toFixed(0)}%${s.rel > STABLE ? ', **unstable**' : ''})`;
};
/** A row is a result only when ferrite's median and the peer's are both known within ±STABLE. */
const isStable = (c: Comparison, peer?: number[]) => spreadOf(c.ferrite).rel <= STABLE && (peer === undefined || spreadOf(peer).rel <= STABLE);
/** ferrite relative to a peer, >1 always meaning "ferrite is better". */
const advantage = (c: Comparison, peer: number[]) => (c.better === 'higher' ? median(c.ferrite) / median(peer) : median(peer) / median(c.ferrite));

let md = `# Ferrite benchmark results

Produced by \`${command}\` on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC.${data.kept ? ` The groups ${data.kept.groups.map((g) => `"${g}"`).join(', ')} keep the figures of \`${data.kept.command}\` (${data.kept.date.slice(0, 16).replace('T', ' ')} UTC).` : ''}
Every peer is measured in the same run, alternating with ferrite round by round (A B B A ...)
after a warm-up; each figure is the median of at least ${RUNS} repetitions (more, up to a cap, until
the median is known within ±${STABLE * 100}%), with its spread beside it: a distribution-free ~95%
interval of the median (min – max for 5 repetitions, the inner ranks for more). A row whose spread
is wider than ±${STABLE * 100}% on either side is marked **unstable** and its ratio is not a result.
Where ferrite and its peer run in the same process, the first figure is CPU time (user + system)
of that process per operation, which the machine's other load disturbs far less than wall-clock
throughput.${quick ? ' Quick mode: smaller workloads than the full run.' : ''}

| machine | |
|---|---|
| CPU | ${machine.cpu} |
| cores | ${machine.cores} |
| kernel | Linux ${machine.kernel} |
| Node | ${machine.node} |

**Reading the ratios**: "ferrite advantage" is ferrite's throughput divided by the peer's (or the
peer's time or CPU per operation divided by ferrite's): above 1.00 ferrite is faster or cheaper,
below 1.00 it is slower.

![throughput ratios](charts/ratios.svg)

## Targets (issue 15)

Each target row of the performance issue with this run's figure; a row counts as met only when
both medians are known within ±${STABLE * 100}%. Where one is not met, the group's analysis below says
what the profile shows and what would close it.

${targetsTable(all.flatMap((g) => g.results))}

`;

const ratioBars: Bar[] = [];
const slower: string[] = [];
const unstable: string[] = [];
for (const group of all) {
  md += `## ${group.name}\n\n`;
  for (const c of group.results) {
    // bench/scale.ts: the "peers" are ferrite itself at larger sizes; the ratio is the growth of
    // the per-item cost over the smallest size, not a comparison (kept out of the charts and lists).
    const scale = c.bench.startsWith('scale:');
    md += `**${c.bench}**: ${c.metric} (${c.unit}, ${c.better} is better)\n\n`;
    md += `| | median (min – max) | ${scale ? 'per item, over the smallest size' : 'ferrite advantage'} |\n|---|---|---|\n`;
    md += `| ${scale ? (/at [\d,]+/.exec(c.bench)?.[0] ?? 'ferrite') : 'ferrite'} | ${spread(c.ferrite)} | |\n`;
    if (Object.keys(c.peers).length === 0 && !isStable(c)) unstable.push(`- **${c.bench}**, ${c.metric}: ferrite ±${(spreadOf(c.ferrite).rel * 100).toFixed(0)}%.`);
    for (const [peer, runs] of Object.entries(c.peers)) {
      const adv = advantage(c, runs);
      if (!isStable(c, runs)) {
        md += `| ${peer} | ${spread(runs)} | unstable (${adv.toFixed(2)}) |\n`;
        unstable.push(`- **${c.bench}**, ${c.metric} vs ${peer}: ferrite ±${(spreadOf(c.ferrite).rel * 100).toFixed(0)}%, ${peer} ±${(spreadOf(runs).rel * 100).toFixed(0)}%.`);
        continue;
      }
      md += `| ${peer} | ${spread(runs)} | ${adv.toFixed(2)} |\n`;
      if (scale) continue;
      if (c.metric === 'CPU per op' || c.metric === 'client CPU per request' || c.metric.startsWith('messages') || c.metric === 'one-way switch') {
        ratioBars.push({ label: `${c.bench.replace(/^(runtime|http|futures|reactor|fibers): /, '')} vs ${peer}`, value: adv, worse: adv < 1 });
      }
      if (adv < 0.97) slower.push(`- **${c.bench}**, ${c.metric}: ${adv.toFixed(2)} of ${peer}.`);
    }
    md += '\n';
  }
  const note = ANALYSIS[group.name];
  if (note) md += `${note}\n\n`;
}

// Latency chart: the HTTP p50/p99 figures of every client.
const latencyBars: Bar[] = [];
for (const c of all.flatMap((g) => g.results).filter((r) => r.bench.startsWith('http ') && r.metric.startsWith('latency'))) {
  const q = c.metric.replace('latency ', '');
  const short = c.bench.replace('http ', '').replace(', 10 concurrent', '');
  latencyBars.push({ label: `${short} ${q}: ferrite`, value: median(c.ferrite) });
  for (const [peer, runs] of Object.entries(c.peers)) latencyBars.push({ label: `${short} ${q}: ${peer}`, value: median(runs), worse: median(runs) < median(c.ferrite) });
}

md += `## Where ferrite is slower\n\nAmong the stable rows:\n\n${slower.length ? slower.join('\n') : 'Nowhere in this run.'}\n\n${ANALYSIS.slower}\n\n`;
md += `## Unstable rows\n\nSpread wider than ±${STABLE * 100}% after the rounds allowed: measured, but not results.\n\n${unstable.length ? unstable.join('\n') : 'None in this run.'}\n\n![HTTP latency](charts/latency.svg)\n`;

mkdirSync(here('./charts'), { recursive: true });
writeFileSync(here('./charts/ratios.svg'), barChart('ferrite advantage, stable rows (above 1.0: ferrite cheaper or faster)', ratioBars, { reference: 1, cap: 5 }));
writeFileSync(here('./charts/latency.svg'), barChart('HTTP latency percentiles, 10 concurrent requests (ms, lower is better)', latencyBars, { unit: ' ms' }));
writeFileSync(here('./RESULTS.md'), md);
console.log(`wrote bench/RESULTS.md and bench/charts/*.svg from bench/results.json (${command})`);
await import('./headline.js');
