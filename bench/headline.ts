/**
 * Copies the headline ratios of bench/results.json into the root README, between the
 * `<!-- bench:start -->` and `<!-- bench:end -->` markers, so that every figure there comes from
 * the report (bench/RESULTS.md) of the same run. Called by run.ts; runnable alone.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Comparison } from './lib/report.js';
import { median } from './lib/report.js';
import { spreadOf, STABLE } from './lib/stats.js';
import { targetsTable } from './lib/targets.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const data = JSON.parse(readFileSync(here('./results.json'), 'utf8')) as {
  command: string;
  date: string;
  machine: { cpu: string; cores: number; node: string };
  all: { name: string; results: Comparison[] }[];
  kept?: { command: string; date: string; groups: string[] };
};

const HEADLINE = /^(CPU per op|client CPU per request|one-way switch|receiver CPU per message)$/;
const rows: string[] = [];
for (const c of data.all.flatMap((g) => g.results)) {
  if (!HEADLINE.test(c.metric)) continue;
  for (const [peer, runs] of Object.entries(c.peers)) {
    const adv = c.better === 'higher' ? median(c.ferrite) / median(runs) : median(runs) / median(c.ferrite);
    const stable = spreadOf(c.ferrite).rel <= STABLE && spreadOf(runs).rel <= STABLE;
    rows.push(`| ${c.bench} (${c.metric}) | ${peer} | ${stable ? `${adv.toFixed(2)}${adv < 1 ? ' (slower)' : ''}` : `unstable (${adv.toFixed(2)})`} |`);
  }
}

const block = `<!-- bench:start -->
Headline ratios from [bench/RESULTS.md](bench/RESULTS.md) (\`${data.command}\`, ${data.date.slice(0, 10)},
${data.machine.cpu}, ${data.machine.cores} cores, Node ${data.machine.node}${data.kept ? `; ${data.kept.groups.join(', ')}: from \`${data.kept.command}\`, ${data.kept.date.slice(0, 10)}` : ''}). "ferrite advantage" above
1.00 means ferrite is cheaper (CPU per operation) or faster than the peer, below 1.00 the
opposite; "unstable" marks a row whose median moved more than ±${STABLE * 100}% between repetitions. The
report has the spreads, throughput, latencies, charts and what the profiles say.

| benchmark | peer | ferrite advantage |
|---|---|---|
${rows.join('\n')}

The performance targets of issue 15, from the same run:

${targetsTable(data.all.flatMap((g) => g.results))}
<!-- bench:end -->`;

const readmePath = here('../README.md');
const readme = readFileSync(readmePath, 'utf8');
const updated = /<!-- bench:start -->[\s\S]*<!-- bench:end -->/.test(readme)
  ? readme.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, block)
  : readme.replace('## Working on it', `${block}\n\n## Working on it`);
writeFileSync(readmePath, updated);
console.log(`README headline updated from bench/results.json (${rows.length} ratios)`);
