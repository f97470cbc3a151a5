// The performance targets the project set itself (issue 15), checked against one run's results:
// the report and the README show each with its figure and whether it is met, so a target can
// never look met on a row that was unstable or missing.
import type { Comparison } from './report.js';
import { median, spreadOf, STABLE } from './stats.js';

interface Target {
  row: string;
  /** Finds the comparison: its bench name and metric. */
  bench: RegExp;
  metric: string;
  /** 'advantage': peer ÷ ferrite on a lower-is-better figure; 'ratio': ferrite ÷ peer; 'value': ferrite's own figure. */
  kind: 'advantage' | 'ratio' | 'value';
  peer?: string;
  /** The size column of a scale row (its "peer"), when the figure is not the smallest size. */
  at?: string;
  op: '>=' | '<=';
  goal: number;
  unit?: string;
}

export const TARGETS: Target[] = [
  { row: 'spawn + join of trivial tasks vs async + Promise.all', bench: /^runtime: [\d,]+ tasks spawned and joined$/, metric: 'CPU per op', kind: 'advantage', peer: 'async+Promise.all', op: '>=', goal: 1.0 },
  { row: 'timers (0–49 ms) vs setTimeout', bench: /^runtime: [\d,]+ timers/, metric: 'CPU per op', kind: 'advantage', peer: 'setTimeout', op: '>=', goal: 1.2 },
  { row: 'TCP ping-pong vs net, blockOn', bench: /^reactor: TCP ping-pong, 1 byte, blockOn$/, metric: 'CPU per op', kind: 'advantage', peer: 'node net', op: '>=', goal: 1.3 },
  { row: "TCP ping-pong vs net, run (inside Node's loop)", bench: /^reactor: TCP ping-pong, 1 byte, run/, metric: 'CPU per op', kind: 'advantage', peer: 'node net', op: '>=', goal: 1.0 },
  { row: 'HTTP keep-alive, client CPU per request, ferrite ÷ undici', bench: /^http keep-alive, 11 B body/, metric: 'client CPU per request', kind: 'ratio', peer: 'undici Pool', op: '<=', goal: 0.6 },
  { row: 'HTTP in flight (http-inflight), RSS per request after a GC', bench: /^http: [\d,]+ in-flight requests/, metric: 'RSS per in-flight request, after a GC', kind: 'value', op: '<=', goal: 6000, unit: ' B' },
  { row: 'HTTP in flight (http-inflight), peak RSS per request, garbage included', bench: /^http: [\d,]+ in-flight requests/, metric: 'peak RSS per in-flight request', kind: 'value', op: '<=', goal: 6000, unit: ' B' },
  { row: 'HTTP 10,000 in flight, blockOn (scale), RSS per request', bench: /^scale: in-flight HTTP requests \(blockOn\)/, metric: 'RSS per request', kind: 'value', at: 'at 10,000', op: '<=', goal: 6000, unit: ' B' },
  { row: 'HTTP 10,000 in flight, run mode (scale), RSS per request', bench: /^scale: in-flight HTTP requests \(run/, metric: 'RSS per request', kind: 'value', at: 'at 10,000', op: '<=', goal: 6000, unit: ' B' },
  { row: 'fiber switch with MXCSR/x87', bench: /^fibers: context switch$/, metric: 'one-way switch', kind: 'value', op: '<=', goal: 13, unit: ' ns' },
];

const fmt = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));

/** One markdown table: each target, the figure of this run, and met / not met / unstable / not run. */
export function targetsTable(all: Comparison[]): string {
  const lines = ['| target row | this run | target | status |', '|---|---|---|---|'];
  for (const t of TARGETS) {
    const c = all.find((x) => t.bench.test(x.bench) && x.metric === t.metric);
    const goal = `${t.op === '>=' ? '≥' : '≤'} ${t.kind === 'value' ? fmt(t.goal) : t.goal.toFixed(1)}${t.unit ?? ''}`;
    const series = c === undefined ? undefined : t.at !== undefined ? c.peers[t.at] : c.ferrite;
    const peer = c !== undefined && t.peer !== undefined ? c.peers[t.peer] : undefined;
    if (series === undefined || (t.peer !== undefined && peer === undefined)) {
      lines.push(`| ${t.row} | not in this run | ${goal} | not measured |`);
      continue;
    }
    const value = t.kind === 'value' ? median(series) : t.kind === 'advantage' ? median(peer!) / median(series) : median(series) / median(peer!);
    const stable = spreadOf(series).rel <= STABLE && (peer === undefined || spreadOf(peer).rel <= STABLE);
    const met = t.op === '>=' ? value >= t.goal : value <= t.goal;
    const status = !stable ? `unstable (${met ? 'met' : 'not met'} at the median)` : met ? '**met**' : 'not met';
    const shown = t.kind === 'value' ? `${fmt(value)}${t.unit ?? ''}` : value.toFixed(2);
    lines.push(`| ${t.row} | ${shown} | ${goal} | ${status} |`);
  }
  return lines.join('\n');
}
