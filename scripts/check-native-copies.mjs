#!/usr/bin/env node
// Fails when the native packages' build files have drifted apart.
//
// Each native package must build from its own npm tarball, so it carries its own copy of
// scripts/build-native.mjs (which reads everything package-specific from that package's
// package.json). The copies must stay byte-identical, and each package's CMakeLists.txt must set
// the same warning flags (its `set(FERRITE_WARNINGS ...)` line). The packages are found, not
// listed: every packages/*/scripts/build-native.mjs counts.
//
// Usage: node scripts/check-native-copies.mjs   (exit 0 = identical, 1 = drift, with the details)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const SCRIPT = join('scripts', 'build-native.mjs');
const WARNINGS = /^set\(FERRITE_WARNINGS\b.*\)$/m;

/** The package directories (relative to the root) that carry a copy of the build script. */
function nativePackages() {
  return readdirSync(join(root, 'packages'))
    .sort()
    .map((name) => join('packages', name))
    .filter((dir) => existsSync(join(root, dir, SCRIPT)));
}

/**
 * The problems of one kind of shared text: `read(dir)` returns a package's copy (or null when it
 * has none); every copy is compared with the first package's.
 */
function compare(dirs, what, read) {
  const [first, ...rest] = dirs;
  const reference = read(first);
  if (reference === null) return [`${first}: no ${what}`];
  const problems = [];
  for (const dir of rest) {
    const copy = read(dir);
    if (copy === null) problems.push(`${dir}: no ${what}`);
    else if (copy !== reference) problems.push(`${dir}: ${what} differs from ${first}'s`);
  }
  return problems;
}

const dirs = nativePackages();
if (dirs.length === 0) {
  console.error(`check-native-copies: no packages/*/${SCRIPT} found under ${root}`);
  process.exit(1);
}
const problems = [
  ...compare(dirs, SCRIPT, (dir) => readFileSync(join(root, dir, SCRIPT), 'utf8')),
  ...compare(dirs, 'set(FERRITE_WARNINGS ...) line in CMakeLists.txt', (dir) => {
    const file = join(root, dir, 'CMakeLists.txt');
    return existsSync(file) ? (WARNINGS.exec(readFileSync(file, 'utf8'))?.[0] ?? null) : null;
  }),
];
if (problems.length > 0) {
  console.error(`check-native-copies: the native packages' build files drifted apart:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-native-copies: ${SCRIPT} and the warning flags are identical in ${dirs.join(', ')}`);
