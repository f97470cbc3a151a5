// Loads the C API probe (test/native/capi-probe.cc, a consumer addon that knows only
// include/ferrite/fibers.h and Node's headers), built by probe-addon.mjs, and types its functions.
import { createRequire } from 'node:module';
import { includeDir, type FiberRuntime } from '../../src/index.js';
import { buildProbe } from './probe-addon.mjs';

export { Kind, nodeInclude } from './probe-addon.mjs';

export interface Probe {
  /** `a` as a BigInt reaches the table exactly (a 64-bit timeout or duration). */
  spawn(handle: unknown, channel: number, kind: number, fd: number, a: number | bigint, text: string, other?: unknown): number;
  importCode(value: unknown): number;
  /** [yield, wait_readable, wait_writable, sleep, call_js, current] from the main stack. */
  outsideFiber(handle: unknown): number[];
  tableInfo(handle: unknown): [number, number];
  cleanups(): number;
  fromAnotherThread(handle: unknown): number;
  /** Copies the handle's C struct into a global, as a careless addon would. */
  keep(handle: unknown): void;
  /** [spawn, ...outsideFiber's] with the kept handle, from the calling thread. */
  useKept(): number[];
  /** 0 untagged, 1 another tag, 2 ferrite's tag but another version, 3 a short table, 4 a NULL table, 5 NULL data. */
  foreignExternal(kind: number): unknown;
  /** What re-entering cleanups saw since the last call: [current, yield, sleep, wait_readable, call_js, spawn] each. */
  cleanupCalls(): number[];
}

let probe: Probe | undefined;
let built: string | undefined;

/** The probe's .node file (a worker loads the same file: one copy of its globals). */
export function probePath(): string {
  return (built ??= buildProbe(includeDir));
}

export function loadProbe(): Probe {
  probe ??= createRequire(import.meta.url)(probePath()) as Probe;
  return probe;
}

/** The probe's reports ('label', n) on a channel of rt: the last number by fiber id and by label. */
export interface Reports {
  channel: number;
  byId: Record<number, number>;
  byLabel: Record<string, number>;
}

export function reports(rt: FiberRuntime): Reports {
  const r: Reports = { channel: 0, byId: {}, byLabel: {} };
  r.channel = rt.channel((id, label, n) => {
    r.byId[id] = n as number;
    r.byLabel[label as string] = n as number;
  });
  return r;
}
