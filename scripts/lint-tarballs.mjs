#!/usr/bin/env node
// The ecosystem's own package linters over packed tarballs, i.e. over exactly what npm would
// publish:
//   - publint (strict: warnings count as errors): package.json fields against the files really
//     shipped (exports targets exist, formats match `type`, `files` does not drop an entry, ...);
//   - a LICENSE file at the package root;
//   - arethetypeswrong, profile "esm-only": every `exports` subpath resolves to types that
//     describe the JavaScript it resolves to, under node16 (from ESM) and bundler resolution.
//     The profile skips the node10 and node16-from-CommonJS modes on purpose: the packages are
//     ESM-only (see "CommonJS" in the root README), so those modes report, by design, that a
//     CommonJS `require()` reaches an ES module. They are counted and printed, never failed on.
// Usage: node scripts/lint-tarballs.mjs <package.tgz...>    (scripts/pack-check.mjs calls
// lintTarballs() on the tarballs it packs.) Exit status 1 if any tarball has a finding.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const attwBin = new URL('../node_modules/@arethetypeswrong/cli/dist/index.js', import.meta.url).pathname;
/** Resolution modes the esm-only profile leaves out: CommonJS consumers of an ESM-only package. */
const CJS_MODES = new Set(['node10', 'node16-cjs']);

/** publint's errors and warnings for one tarball, as printable lines. */
async function runPublint(tarball) {
  const data = readFileSync(tarball);
  const { messages, pkg } = await publint({
    pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) },
    level: 'warning',
    strict: true,
  });
  return messages.map((m) => `publint ${m.type}: ${formatMessage(m, pkg) ?? m.code}`);
}

/** arethetypeswrong's problems for one tarball: those that fail, and the CommonJS-only ones. */
function runAttw(tarball) {
  const r = spawnSync(process.execPath, [attwBin, tarball, '--profile', 'esm-only', '--format', 'json', '--no-definitely-typed'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    return { failing: [`attw did not run (exit ${r.status}): ${(r.stderr || r.stdout).trim().slice(0, 500)}`], cjsOnly: 0 };
  }
  // attw checks nothing, and exits 0, when it finds no types at all; every ferrite package ships them.
  if (report.analysis?.types === false) return { failing: ['attw: the tarball ships no type declarations'], cjsOnly: 0 };
  const problems = Object.values(report.problems ?? {}).flat();
  const failing = problems
    .filter((p) => !CJS_MODES.has(p.resolutionKind))
    .map((p) => `attw ${p.kind}: "${p.entrypoint}" under ${p.resolutionKind ?? 'every mode'}`);
  if (failing.length === 0 && r.status !== 0) failing.push(`attw exited ${r.status} with no problem listed`);
  return { failing, cjsOnly: problems.length - failing.length };
}

/** Lints each tarball, prints one line per tarball (and its findings); returns how many failed. */
export async function lintTarballs(tarballs) {
  let failed = 0;
  for (const tarball of tarballs) {
    const findings = await runPublint(tarball);
    // npm adds a package-root LICENSE by itself; check it did (the license text must ship).
    const listing = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).stdout ?? '';
    if (!listing.split('\n').includes('package/LICENSE')) findings.push('no LICENSE at the package root');
    const attw = runAttw(tarball);
    findings.push(...attw.failing);
    const note = attw.cjsOnly ? ` (${attw.cjsOnly} CommonJS-resolution notes: ESM-only by design)` : '';
    if (findings.length === 0) {
      console.log(`ok   ${basename(tarball)}: LICENSE, publint and arethetypeswrong clean${note}`);
    } else {
      failed++;
      console.log(`FAIL ${basename(tarball)}: ${findings.length} linter finding(s)${note}`);
      for (const f of findings) console.log(`       ${f}`);
    }
  }
  return failed;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const tarballs = process.argv.slice(2);
  if (tarballs.length === 0) {
    console.error('usage: node scripts/lint-tarballs.mjs <package.tgz...>');
    process.exit(2);
  }
  if ((await lintTarballs(tarballs)) > 0) process.exitCode = 1;
}
