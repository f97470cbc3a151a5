/**
 * Copies the headline ratios of bench/results.json into the root README, between the
 * `<!-- bench:start -->` and `<!-- bench:end -->` markers, so that every figure there comes from
 * the report (bench/RESULTS.md) of the same run. Called by run.ts; runnable alone.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Comparison } from './lib/report.js';
import { median } from './lib/report.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const data = JSON.parse(readFileSync(here('./results.json'), 'utf8')) as {
  command: string;
  date: string;
  machine: { cpu: string; cores: number; node: string };
  all: { name: string; results: Comparison[] }[];
};

const HEADLINE = /^(throughput|one-way switch|receiver CPU per message)$/;
const rows: string[] = [];
for (const c of data.all.flatMap((g) => g.results)) {
  if (!HEADLINE.test(c.metric)) continue;
  for (const [peer, runs] of Object.entries(c.peers)) {
    const adv = c.better === 'higher' ? median(c.ferrite) / median(runs) : median(runs) / median(c.ferrite);
    rows.push(`| ${c.bench} (${c.metric}) | ${peer} | ${adv.toFixed(2)}${adv < 1 ? ' (slower)' : ''} |`);
  }
}

const block = `<!-- bench:start -->
Headline ratios from [bench/RESULTS.md](bench/RESULTS.md) (\`${data.command}\`, ${data.date.slice(0, 10)},
${data.machine.cpu}, ${data.machine.cores} cores, Node ${data.machine.node}). "ferrite advantage" above
1.00 means ferrite is faster than the peer, below 1.00 slower; the report has the spreads, the
latencies, charts and what the profiles say where ferrite is slower.

| benchmark | peer | ferrite advantage |
|---|---|---|
${rows.join('\n')}
<!-- bench:end -->`;

const readmePath = here('../README.md');
const readme = readFileSync(readmePath, 'utf8');
const updated = /<!-- bench:start -->[\s\S]*<!-- bench:end -->/.test(readme)
  ? readme.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, block)
  : readme.replace('## Working on it', `${block}\n\n## Working on it`);
writeFileSync(readmePath, updated);
console.log(`README headline updated from bench/results.json (${rows.length} ratios)`);
