// Self time per function of a `--cpu-prof` profile, highest first:
//   node bench/lib/profile-top.mjs <file.cpuprofile | directory (its busiest profile)> [rows]
// What the analysis sections of bench/RESULTS.md quote.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const target = process.argv[2];
if (!target) {
  console.error('usage: node bench/lib/profile-top.mjs <file.cpuprofile | dir> [rows]');
  process.exit(2);
}
const load = (f) => JSON.parse(readFileSync(f, 'utf8'));
/** Samples not spent idle: in a directory, the busiest profile is the benchmark's main thread. */
const busy = (p) => {
  const idle = new Set(p.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  return p.samples.filter((id) => !idle.has(id)).length;
};
const file = statSync(target).isDirectory()
  ? readdirSync(target).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(target, f)).map((f) => [f, busy(load(f))]).sort((a, b) => b[1] - a[1])[0][0]
  : target;
const profile = load(file);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
let total = 0;
for (const id of profile.samples) {
  const { functionName, url, lineNumber } = byId.get(id).callFrame;
  const key = `${functionName || '(anonymous)'}  ${url.split('/').slice(-2).join('/')}${lineNumber >= 0 ? `:${lineNumber + 1}` : ''}`;
  self.set(key, (self.get(key) ?? 0) + 1);
  total++;
}
console.log(`${file}: ${total} samples`);
for (const [key, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[3] ?? 25))) {
  console.log(`${((100 * n) / total).toFixed(1).padStart(5)}%  ${key}`);
}
