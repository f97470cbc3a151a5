// Builds test/native/capi-probe.cc, a consumer addon that knows only include/ferrite/fibers.h and
// Node's headers, into the temporary folder (once per source and header: test processes and their
// children share the build) and loads it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { includeDir, type FiberRuntime } from '../../src/index.js';

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

/** Node's headers, as a consumer's build finds them (never downloaded). */
export const nodeInclude = join(resolve(process.execPath, '..', '..'), 'include', 'node');

let probe: Probe | undefined;
let built: string | undefined;

/** The probe's .node file (a worker loads the same file: one copy of its globals). */
export function probePath(): string {
  if (built) return built;
  const source = fileURLToPath(new URL('../native/capi-probe.cc', import.meta.url));
  const args = ['-std=c++17', '-shared', '-fPIC', '-O1', '-pthread', '-Wall', '-Wextra', '-Werror', '-DNAPI_VERSION=8', '-I', includeDir, '-I', nodeInclude, source];
  const hash = createHash('sha256').update(readFileSync(source)).update(readFileSync(join(includeDir, 'ferrite', 'fibers.h'))).update(args.join(' ')).update(process.version);
  const dir = join(tmpdir(), `ferrite-capi-probe-${hash.digest('hex').slice(0, 16)}`);
  const out = join(dir, 'capi_probe.node');
  if (!existsSync(out)) {
    mkdirSync(dir, { recursive: true });
    // Built under a name of its own, then renamed: a process starting meanwhile never loads half a file.
    const partial = join(dir, `capi_probe.${process.pid}.tmp`);
    execFileSync('c++', [...args, '-o', partial]);
    renameSync(partial, out);
  }
  return (built = out);
}

export function loadProbe(): Probe {
  probe ??= createRequire(import.meta.url)(probePath()) as Probe;
  return probe;
}

/** Probe kinds (Body in capi-probe.cc). */
export const Kind = {
  waitReadable: 0,
  waitWritable: 1,
  sleep: 2,
  values: 3,
  misuse: 4,
  yielder: 5,
  waitMany: 6,
  /** call_js on channel `a`; reports ('other', status) on its own channel. */
  callChannel: 7,
  /** Returns at once; its cleanup calls every table entry (cleanupCalls()). */
  reenterOnFinish: 8,
  /** Sleeps until the runtime closes; its cleanup calls every table entry. */
  reenterOnClose: 9,
  /** Sleeps until the runtime closes; its cleanup writes 'probe: cleanup' to stderr. */
  sleepLoud: 10,
  /** Waits on fd with no timeout; its cleanup writes 'probe: cleanup' to stderr. */
  waitLoud: 11,
  /** Returns at once; its cleanup throws a C++ exception. */
  throwingCleanup: 12,
  /** Calls yield, sleep, wait_readable, call_js and current with `other`'s runtime; reports each. */
  otherRuntime: 13,
} as const;

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
