/**
 * Writes bench/RESULTS.md, bench/charts/*.svg and the README's headline table from
 * bench/results.json (written by run.ts). Runnable alone: `node --import tsx bench/write-report.ts`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Comparison } from './lib/report.js';
import { median } from './lib/report.js';
import { barChart, type Bar } from './lib/svg.js';
import { ANALYSIS } from './analysis.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const data = JSON.parse(readFileSync(here('./results.json'), 'utf8')) as {
  command: string;
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
const spread = (xs: number[]) => `${fmt(median(xs))} (${fmt(Math.min(...xs))} – ${fmt(Math.max(...xs))})`;
/** ferrite relative to a peer, >1 always meaning "ferrite is better". */
const advantage = (c: Comparison, peer: number[]) => (c.better === 'higher' ? median(c.ferrite) / median(peer) : median(peer) / median(c.ferrite));

let md = `# Ferrite benchmark results

Produced by \`${command}\` on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC.
Every peer is measured in the same run, alternating with ferrite; each figure is the median of
${RUNS} repetitions, with the spread (min – max) beside it.${quick ? ' Quick mode: smaller workloads than the full run.' : ''}

| machine | |
|---|---|
| CPU | ${machine.cpu} |
| cores | ${machine.cores} |
| kernel | Linux ${machine.kernel} |
| Node | ${machine.node} |

**Reading the ratios**: "ferrite advantage" is ferrite's throughput divided by the peer's (or the
peer's time divided by ferrite's, for times and latencies): above 1.00 ferrite is faster, below
1.00 it is slower.

![throughput ratios](charts/ratios.svg)

`;

const ratioBars: Bar[] = [];
const slower: string[] = [];
for (const group of all) {
  md += `## ${group.name}\n\n`;
  for (const c of group.results) {
    md += `**${c.bench}**: ${c.metric} (${c.unit}, ${c.better} is better)\n\n`;
    md += `| | median (min – max) | ferrite advantage |\n|---|---|---|\n`;
    md += `| ferrite | ${spread(c.ferrite)} | |\n`;
    for (const [peer, runs] of Object.entries(c.peers)) {
      const adv = advantage(c, runs);
      md += `| ${peer} | ${spread(runs)} | ${adv.toFixed(2)} |\n`;
      if (c.metric === 'throughput' || c.metric.startsWith('messages') || c.metric === 'one-way switch') {
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

md += `## Where ferrite is slower\n\n${slower.length ? slower.join('\n') : 'Nowhere in this run.'}\n\n${ANALYSIS.slower}\n\n![HTTP latency](charts/latency.svg)\n`;

mkdirSync(here('./charts'), { recursive: true });
writeFileSync(here('./charts/ratios.svg'), barChart('ferrite advantage (above 1.0: ferrite faster)', ratioBars, { reference: 1, cap: 5 }));
writeFileSync(here('./charts/latency.svg'), barChart('HTTP latency percentiles, 10 concurrent requests (ms, lower is better)', latencyBars, { unit: ' ms' }));
writeFileSync(here('./RESULTS.md'), md);
console.log(`wrote bench/RESULTS.md and bench/charts/*.svg from bench/results.json (${command})`);
await import('./headline.js');
