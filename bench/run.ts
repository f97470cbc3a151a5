/**
 * npm run bench [-- --quick]: runs every benchmark in bench/ (each peer measured in the same run,
 * at least 5 repetitions), shows progress, and writes bench/RESULTS.md with tables, spreads and
 * SVG charts (bench/charts/). `--quick` shrinks the workloads to finish in a few minutes.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Comparison } from './lib/report.js';
import { median } from './lib/report.js';
import { barChart, type Bar } from './lib/svg.js';
import { ANALYSIS } from './analysis.js';

const quick = process.argv.includes('--quick');
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const RUNS = '5';

const BENCHES: { name: string; cmd: string; args: string[] }[] = [
  { name: 'epoll event delivery', cmd: process.execPath, args: ['--import', 'tsx', here('./epoll-events.ts')] },
  { name: 'futures vs Promises', cmd: process.execPath, args: ['--import', 'tsx', here('./futures.ts')] },
  { name: 'runtime and reactor', cmd: process.execPath, args: ['--import', 'tsx', here('./runtime.ts')] },
  { name: 'HTTP client', cmd: process.execPath, args: ['--import', 'tsx', here('./http.ts')] },
  { name: 'HTTP 10,000 in flight', cmd: 'bash', args: [here('./http-inflight.sh')] },
  { name: 'fibers', cmd: process.execPath, args: ['--import', 'tsx', here('./fibers.ts')] },
];

function runOne(b: (typeof BENCHES)[number], index: number): Promise<Comparison[]> {
  return new Promise((resolve, reject) => {
    const args = [...b.args, '--runs', RUNS, ...(quick ? ['--quick'] : [])];
    const child = spawn(b.cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const results: Comparison[] = [];
    let buf = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      buf += d;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith('RESULT ')) results.push(JSON.parse(line.slice(7)) as Comparison);
      }
    });
    // The benchmarks' own progress lines, prefixed with where we are.
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      const last = d.split(/[\r\n]/).filter((s) => s.trim() !== '').pop();
      if (last !== undefined) process.stderr.write(`\r\x1b[2K[${index + 1}/${BENCHES.length}] ${last.trim().slice(0, 110)}`);
    });
    child.on('exit', (code) => (code === 0 ? resolve(results) : reject(new Error(`${b.name} exited with ${code}`))));
  });
}

const started = new Date();
const all: { name: string; results: Comparison[] }[] = [];
for (const [i, b] of BENCHES.entries()) {
  process.stderr.write(`\r\x1b[2K[${i + 1}/${BENCHES.length}] ${b.name}...`);
  all.push({ name: b.name, results: await runOne(b, i) });
}
process.stderr.write(`\r\x1b[2Kdone in ${((Date.now() - started.getTime()) / 60000).toFixed(1)} min\n`);

// ---- the report ---------------------------------------------------------------------------

const fmt = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));
const spread = (xs: number[]) => `${fmt(median(xs))} (${fmt(Math.min(...xs))} – ${fmt(Math.max(...xs))})`;
/** ferrite relative to a peer, >1 always meaning "ferrite is better". */
const advantage = (c: Comparison, peer: number[]) => (c.better === 'higher' ? median(c.ferrite) / median(peer) : median(peer) / median(c.ferrite));

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const command = `npm run bench${quick ? ' -- --quick' : ''}`;
let md = `# Ferrite benchmark results

Produced by \`${command}\` on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC.
Every peer is measured in the same run, alternating with ferrite; each figure is the median of
${RUNS} repetitions, with the spread (min – max) beside it.${quick ? ' Quick mode: smaller workloads than the full run.' : ''}

| machine | |
|---|---|
| CPU | ${cpu} |
| cores | ${cpus().length} |
| kernel | Linux ${release()} |
| Node | ${process.version} |

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
writeFileSync(here('./charts/ratios.svg'), barChart('ferrite advantage (above 1.0: ferrite faster)', ratioBars, { reference: 1 }));
writeFileSync(here('./charts/latency.svg'), barChart('HTTP latency percentiles, 10 concurrent requests (ms, lower is better)', latencyBars, { unit: ' ms' }));
writeFileSync(here('./RESULTS.md'), md);
writeFileSync(here('./results.json'), JSON.stringify({ command, date: started.toISOString(), machine: { cpu, cores: cpus().length, kernel: release(), node: process.version }, all }, null, 1));
console.log(`wrote bench/RESULTS.md, bench/results.json and bench/charts/*.svg (${command})`);
await import('./headline.js');
