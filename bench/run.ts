/**
 * npm run bench [-- --quick] [-- --profile]: runs every benchmark in bench/ (each peer measured in
 * the same run, interleaved, at least 5 repetitions and more until stable), shows progress, and
 * writes bench/RESULTS.md with tables, spreads and SVG charts (bench/charts/). `--quick` shrinks
 * the workloads to finish in a few minutes. `--profile` also writes a `--cpu-prof` profile of
 * every process of each benchmark (the benchmark itself and its servers, one file per process,
 * named by pid) under bench/profiles/<benchmark>/, which git ignores; open one in Chrome DevTools
 * or summarise it with `node bench/lib/profile-top.mjs <file>`. `--only scale,fibers` runs only
 * those groups (named by the slug of their name) and keeps the other groups' figures from the
 * last results.json: how to run the scale benchmark alone (`npm run bench -- --only scale`).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Comparison } from './lib/report.js';

const quick = process.argv.includes('--quick');
const profile = process.argv.includes('--profile');
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
/** Fewest repetitions per row; rows not yet stable get more, up to MAX_RUNS. */
const RUNS = '5';
const MAX_RUNS = quick ? '9' : '25';
const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

const BENCHES: { name: string; cmd: string; args: string[] }[] = [
  { name: 'epoll event delivery', cmd: process.execPath, args: ['--import', 'tsx', here('./epoll-events.ts')] },
  { name: 'futures vs Promises', cmd: process.execPath, args: ['--import', 'tsx', here('./futures.ts')] },
  { name: 'runtime and reactor', cmd: process.execPath, args: ['--import', 'tsx', here('./runtime.ts')] },
  { name: 'HTTP client', cmd: process.execPath, args: ['--import', 'tsx', here('./http.ts')] },
  { name: 'HTTP 10,000 in flight', cmd: 'bash', args: [here('./http-inflight.sh')] },
  { name: 'fibers', cmd: process.execPath, args: ['--import', 'tsx', here('./fibers.ts')] },
  { name: 'TLS', cmd: process.execPath, args: ['--import', 'tsx', here('./tls.ts')] },
  { name: 'HTTPS client', cmd: process.execPath, args: ['--import', 'tsx', here('./https.ts')] },
  { name: 'uploads', cmd: process.execPath, args: ['--import', 'tsx', here('./upload.ts')] },
  { name: 'scale', cmd: 'bash', args: [here('./scale.sh')] },
];
const onlyArg = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]!.split(',') : null;
const selected = onlyArg === null ? BENCHES : BENCHES.filter((b) => onlyArg.includes(slug(b.name)));
if (selected.length === 0) throw new Error(`--only names none of: ${BENCHES.map((b) => slug(b.name)).join(', ')}`);

function runOne(b: (typeof BENCHES)[number], index: number): Promise<Comparison[]> {
  return new Promise((resolve, reject) => {
    const args = [...b.args, '--runs', RUNS, '--max-runs', MAX_RUNS, ...(quick ? ['--quick'] : [])];
    const env = { ...process.env };
    if (profile) {
      // Through NODE_OPTIONS, so that the servers and writers a benchmark starts are profiled too.
      const dir = here(`./profiles/${slug(b.name)}`);
      mkdirSync(dir, { recursive: true });
      env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir=${dir}`.trim();
    }
    const child = spawn(b.cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
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
      if (last !== undefined) process.stderr.write(`\r\x1b[2K[${index + 1}/${selected.length}] ${last.trim().slice(0, 110)}`);
    });
    child.on('exit', (code) => (code === 0 ? resolve(results) : reject(new Error(`${b.name} exited with ${code}`))));
  });
}

const started = new Date();
const ran = new Map<string, Comparison[]>();
for (const [i, b] of selected.entries()) {
  process.stderr.write(`\r\x1b[2K[${i + 1}/${selected.length}] ${b.name}...`);
  ran.set(b.name, await runOne(b, i));
}
// With --only, the groups not run keep their figures from the last results.json.
const previous = onlyArg !== null && existsSync(here('./results.json')) ? (JSON.parse(readFileSync(here('./results.json'), 'utf8')) as { all: { name: string; results: Comparison[] }[] }).all : [];
const all = BENCHES.map((b) => ({ name: b.name, results: ran.get(b.name) ?? previous.find((g) => g.name === b.name)?.results ?? [] })).filter((g) => g.results.length > 0);
process.stderr.write(`\r\x1b[2Kdone in ${((Date.now() - started.getTime()) / 60000).toFixed(1)} min\n`);

if (profile) process.stderr.write(`profiles: ${here('./profiles/')}<benchmark>/*.cpuprofile\n`);
const flags = [quick ? '--quick' : '', profile ? '--profile' : '', onlyArg !== null ? `--only ${onlyArg.join(',')}` : ''].filter(Boolean);
const command = `npm run bench${flags.length > 0 ? ` -- ${flags.join(' ')}` : ''}`;
// What the groups not run keep their figures from (said in the report).
const before = onlyArg !== null && previous.length > 0 ? (JSON.parse(readFileSync(here('./results.json'), 'utf8')) as { command: string; date: string; kept?: { command: string; date: string; groups: string[] } }) : null;
const notRun = BENCHES.filter((b) => !ran.has(b.name) && previous.some((g) => g.name === b.name)).map((b) => b.name);
// Groups the run before also kept from an earlier one still come from that earlier run.
const kept = before === null ? null : before.kept !== undefined && notRun.every((g) => before.kept!.groups.includes(g)) ? before.kept : before;
const machine = { cpu: cpus()[0]?.model ?? 'unknown CPU', cores: cpus().length, kernel: release(), node: process.version };
writeFileSync(here('./results.json'), JSON.stringify({ command, quick, runs: Number(RUNS), date: started.toISOString(), machine, all, ...(kept !== null ? { kept: { command: kept.command, date: kept.date, groups: notRun } } : {}) }, null, 1));
// The report and the README table are made from results.json alone (bench/write-report.ts).
await import('./write-report.js');
