#!/usr/bin/env node
// Proves every package is publishable on its own: `npm pack` each one, install the tarballs into
// a fresh project outside the repository (native addons build from the tarball there), then run
// each package's README example in that project. Each installed package must also export exactly
// what its README's API section documents, with no @internal member shipped (check-surface.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { checkSurface } from './check-surface.mjs';
import { lintTarballs } from './lint-tarballs.mjs';
import { readmeExample } from './readme-example.mjs';

const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'ferrite-pack-'));
const keep = process.argv.includes('--keep');

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) {
    console.error(`pack-check: ${cmd} ${args.join(' ')} failed in ${cwd}\n${r.stdout}\n${r.stderr}`);
    process.exit(1);
  }
  return r.stdout;
}

/** Every file under `dir`, recursively. */
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/**
 * What an installed package ships that it should not: build info, or a source map whose sources
 * are not in the tarball (a debugger or "go to definition" would then point at nothing).
 */
function shippingProblems(installed) {
  const problems = [];
  for (const file of walk(installed)) {
    if (file.endsWith('.tsbuildinfo')) problems.push(`ships ${file.slice(installed.length + 1)}`);
    if (!file.endsWith('.map')) continue;
    const map = JSON.parse(readFileSync(file, 'utf8'));
    for (const source of map.sources ?? []) {
      const target = resolve(dirname(file), map.sourceRoot ?? '', source);
      if (!existsSync(target)) problems.push(`${file.slice(installed.length + 1)} points at missing ${source}`);
    }
  }
  return problems;
}

try {
  const dirs = readdirSync(join(root, 'packages')).map((name) => join(root, 'packages', name));
  const tarballs = [];
  for (const dir of dirs) {
    const out = run('npm', ['pack', '--silent', '--pack-destination', work], dir).trim().split('\n').pop();
    tarballs.push(join(work, out));
  }

  // The ecosystem's package linters (publint, arethetypeswrong) over the same tarballs.
  if ((await lintTarballs(tarballs)) > 0) process.exitCode = 1;

  const project = join(work, 'project');
  run('mkdir', ['-p', project], work);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'pack-check', private: true, type: 'module' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], project);

  let failed = 0;
  for (const dir of dirs) {
    const name = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name;
    const installed = join(project, 'node_modules', name);
    // What it ships that it should not, then its exports against its README's API section.
    const problems = [...shippingProblems(installed), ...checkSurface(installed)];
    if (problems.length > 0) {
      failed++;
      console.log(`FAIL ${name}: its tarball ${problems.slice(0, 8).join('; ')}`);
      continue;
    }
    const file = join(project, `${name.replace('@ferrite/', '')}-example.mjs`);
    writeFileSync(file, readmeExample(dir));
    const r = spawnSync(process.execPath, [file], { cwd: project, encoding: 'utf8', timeout: 60_000 });
    const ok = r.status === 0;
    if (!ok) failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: installed from its tarball; README example ${ok ? 'ran' : `exited ${r.status}`}`);
    if (!ok) console.log(r.stdout + r.stderr);
  }
  console.log(`${dirs.length - failed} passed, ${failed} failed`);
  if (failed) process.exitCode = 1;
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}
