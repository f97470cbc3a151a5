#!/usr/bin/env node
// Proves every package is publishable on its own: `npm pack` each one, install the tarballs into
// a fresh project outside the repository, then run each package's README example in that project.
// Each installed package must also export exactly what its README's API section documents, with
// no @internal member shipped (check-surface.mjs).
//
// The native packages (epoll, fibers, tls) are installed twice, proving both ways an addon arrives:
//  1. with cmake, make, ninja and every compiler hidden from PATH (no-compiler-path.mjs): the
//     install must succeed on the prebuilds the tarballs ship, compile nothing (no build/ folder),
//     and every README example must run;
//  2. with `npm install --build-from-source` and the toolchain: each addon must be compiled
//     (build/Release/*.node appears) and their README examples must run again.
// Then the fibers C API consumer (examples/fibers-addon) is built against the installed fibers
// tarball's header and its suite run (pack-checks/fibers-consumer.mjs).
// It prints the tarball sizes and the time of each install.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { checkSurface } from './check-surface.mjs';
import { checkFibersConsumer } from './pack-checks/fibers-consumer.mjs';
import { lintTarballs } from './lint-tarballs.mjs';
import { noCompilerPath } from './no-compiler-path.mjs';
import { readmeExample } from './readme-example.mjs';

const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'ferrite-pack-'));
const keep = process.argv.includes('--keep');

const NATIVE = ['@ferrite/epoll', '@ferrite/fibers', '@ferrite/tls'];
// The installs read their settings afresh, not the ones `npm test` exported for this repository
// (an `npm test --build-from-source` must not turn the no-compiler install into a source build).
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|FERRITE_)/i.test(k)));

function run(cmd, args, cwd, env = process.env) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 600_000 });
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

/** Installs `tarballs` (with `flags`) into a fresh project at `project`; returns the milliseconds it took. */
function install(project, tarballs, flags, env) {
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'pack-check', private: true, type: 'module' }));
  const start = performance.now();
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...flags, ...tarballs], project, env);
  return performance.now() - start;
}

/** Runs the README example of the package at `dir` in `project`; prints and returns whether it ran. */
function example(project, dir, name, env, how) {
  const file = join(project, `${name.replace('@ferrite/', '')}-example.mjs`);
  writeFileSync(file, readmeExample(dir));
  const r = spawnSync(process.execPath, [file], { cwd: project, env, encoding: 'utf8', timeout: 60_000 });
  const ok = r.status === 0;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${how}; README example ${ok ? 'ran' : `exited ${r.status}`}`);
  if (!ok) console.log(r.stdout + r.stderr);
  return ok;
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

  // 1. No toolchain on PATH: every package from the tarballs, the native ones on their prebuilds.
  const bare = { ...cleanEnv, PATH: noCompilerPath(join(work, 'no-compiler-bin')) };
  const project = join(work, 'project');
  const prebuiltMs = install(project, tarballs, [], bare);
  let failed = 0;
  for (const name of NATIVE) {
    if (existsSync(join(project, 'node_modules', name, 'build'))) {
      failed++;
      console.log(`FAIL ${name}: compiled at install though its prebuild loads here (build/ exists)`);
    }
  }
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
    if (!example(project, dir, name, bare, 'installed from its tarball')) failed++;
  }

  // 2. The same tarballs with --build-from-source: the native addons compile, their examples run.
  const source = join(work, 'source-build');
  const sourceMs = install(source, tarballs, ['--build-from-source'], cleanEnv);
  for (const dir of dirs) {
    const name = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name;
    if (!NATIVE.includes(name)) continue;
    const release = join(source, 'node_modules', name, 'build', 'Release');
    if (!existsSync(release) || !readdirSync(release).some((f) => f.endsWith('.node'))) {
      failed++;
      console.log(`FAIL ${name}: npm install --build-from-source compiled nothing (no build/Release/*.node)`);
      continue;
    }
    if (!example(source, dir, name, cleanEnv, 'compiled by npm install --build-from-source')) failed++;
  }

  // 3. A consumer nobody in packages/fibers wrote: examples/fibers-addon built against the fibers
  // C API header of the installed tarball, its suite run (issue 16).
  const consumer = await checkFibersConsumer({ tarballs, workDir: work, env: cleanEnv });
  if (!consumer.ok) {
    failed++;
    console.log(consumer.detail);
  }

  for (const tarball of tarballs.filter((t) => /ferrite-(epoll|fibers|tls)-/.test(t))) {
    console.log(`size ${tarball.split('/').pop()}: ${(statSync(tarball).size / 1000).toFixed(1)} kB`);
  }
  console.log(`time npm install (all ${tarballs.length} tarballs) without cmake or a compiler on PATH: ${(prebuiltMs / 1000).toFixed(1)} s`);
  console.log(`time npm install --build-from-source (the same tarballs, compiler present): ${(sourceMs / 1000).toFixed(1)} s`);
  console.log(`${dirs.length + NATIVE.length + 1 - failed} passed, ${failed} failed`);
  if (failed) process.exitCode = 1;
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}
