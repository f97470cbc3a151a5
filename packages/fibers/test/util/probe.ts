// Builds test/native/capi-probe.cc, a consumer addon that knows only include/ferrite/fibers.h and
// Node's headers, into a temporary folder (once per process) and loads it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { includeDir } from '../../src/index.js';

export interface Probe {
  spawn(handle: unknown, channel: number, kind: number, fd: number, a: number, text: string): number;
  importCode(value: unknown): number;
  outsideFiber(handle: unknown): number[];
  tableInfo(handle: unknown): [number, number];
  cleanups(): number;
  fromAnotherThread(handle: unknown): number;
}

/** Node's headers, as a consumer's build finds them (never downloaded). */
export const nodeInclude = join(resolve(process.execPath, '..', '..'), 'include', 'node');

let probe: Probe | undefined;

export function loadProbe(): Probe {
  if (probe) return probe;
  const out = join(mkdtempSync(join(tmpdir(), 'ferrite-capi-probe-')), 'capi_probe.node');
  const source = fileURLToPath(new URL('../native/capi-probe.cc', import.meta.url));
  execFileSync('c++', ['-std=c++17', '-shared', '-fPIC', '-O1', '-pthread', '-Wall', '-Wextra', '-Werror', '-DNAPI_VERSION=8', '-I', includeDir, '-I', nodeInclude, source, '-o', out]);
  probe = createRequire(import.meta.url)(out) as Probe;
  return probe;
}

/** Probe kinds (Body in capi-probe.cc). */
export const Kind = { waitReadable: 0, waitWritable: 1, sleep: 2, values: 3, misuse: 4, yielder: 5, waitMany: 6 } as const;
