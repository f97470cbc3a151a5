// The C API probe (test/native/capi-probe.cc): how it is built and what its kinds are. Plain
// JavaScript, so that both the mocha tests (through probe.ts) and scripts/sanitize-scenario.mjs
// (plain node under valgrind) build the same file with the same flags into the same folder.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Node's headers, as a consumer's build finds them (never downloaded). */
export const nodeInclude = join(resolve(process.execPath, '..', '..'), 'include', 'node');

/**
 * Builds the probe against the header in `includeDir` (once per source, header, flags and Node
 * version: test processes, their children and the scenario share one folder in the temporary
 * directory) and returns the .node file's path.
 * @param {string} includeDir
 * @returns {string}
 */
export function buildProbe(includeDir) {
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
  return out;
}

/** Probe kinds (Body in capi-probe.cc). */
export const Kind = /** @type {const} */ ({
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
});
