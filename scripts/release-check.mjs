#!/usr/bin/env node
// `npm run release:check`: the release proven against a real registry, end to end.
//
//  1. Starts Verdaccio on a loopback port with throwaway storage and config, and NO uplinks: a
//     package that was not published there is a 404, never fetched from elsewhere.
//  2. Clones the repository's committed HEAD into a temporary folder (the working tree is never
//     touched: lerna annotates each package.json with gitHead while packing) and publishes every
//     package from there with `lerna publish from-package` to that registry only (no git push,
//     no tags, no version change).
//  3. For each package, in a fresh project outside the repository whose .npmrc says
//     `@ferrite:registry=<verdaccio>`, installs the package BY NAME (so @ferrite/* can only come
//     from the local registry, while cmake-js, node-addon-api and their dependencies come from the
//     usual registry, as they will for a user), checks its dependency closure against the design's
//     graph and runs its README example there.
//
// Usage: node scripts/release-check.mjs [--keep]   (--keep leaves the temporary folder)
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readmeExample } from './readme-example.mjs';

const root = new URL('..', import.meta.url).pathname;
const keep = process.argv.includes('--keep');

/**
 * The @ferrite packages each package must bring, and nothing else: the design's dependency graph
 * (DESIGN.md, root README), transitively. A package missing here fails the check on purpose: a
 * new arrow in the graph is a decision, to be written down here too.
 */
// The native packages build and load through @ferrite/addon-kit (their build plumbing).
const KIT = '@ferrite/addon-kit';
const GRAPH = {
  '@ferrite/future': { requires: [] },
  '@ferrite/addon-kit': { requires: [] },
  '@ferrite/epoll': { requires: [KIT] },
  '@ferrite/fibers': { requires: [KIT] },
  '@ferrite/delayserver': { requires: [] },
  '@ferrite/reactor': { requires: ['@ferrite/epoll', '@ferrite/future', KIT] },
  '@ferrite/executor': { requires: ['@ferrite/reactor', '@ferrite/epoll', '@ferrite/future', KIT] },
  '@ferrite/tls': { requires: ['@ferrite/reactor', '@ferrite/epoll', '@ferrite/future', KIT] },
  '@ferrite/http-client': {
    requires: ['@ferrite/executor', '@ferrite/reactor', '@ferrite/epoll', '@ferrite/future', '@ferrite/tls', KIT],
  },
};
/** Pure TypeScript: installing one runs no install script and builds nothing. */
const PURE = ['@ferrite/future', '@ferrite/delayserver'];
/** Only for tests and demos: no package may bring these (the test server, the test tools). */
const TEST_ONLY = ['@ferrite/delayserver', 'mocha', 'chai', 'tsx', 'fast-check', 'typescript', '@types/node'];

// npm and lerna must read their configuration afresh in each folder, not inherit the settings
// `npm run` exported for this repository.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));

function run(cmd, args, cwd, timeout = 600_000) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd} (exit ${r.status ?? r.signal})\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * One HTTP exchange with the registry on a fresh connection (the event loop sleeps while lerna and
 * npm run, so a pooled keep-alive socket would be stale). Resolves { status, body } (JSON or null).
 */
function registryRequest(method, url, body) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        let json = null;
        try {
          json = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode, body: json });
      });
    });
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts Verdaccio with storage, htpasswd and config under `dir`; resolves once it answers. */
async function startRegistry(dir) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  mkdirSync(join(dir, 'storage'));
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      `storage: ${join(dir, 'storage')}`,
      'auth:',
      '  htpasswd:',
      `    file: ${join(dir, 'htpasswd')}`,
      '    max_users: 10',
      'uplinks: {}',
      'packages:',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      'web:',
      '  enable: false',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  const bin = join(root, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
  const log = join(dir, 'verdaccio.log');
  // Its output goes straight to a file: nothing depends on this process reading a pipe.
  const out = openSync(log, 'a');
  const child = spawn(process.execPath, [bin, '--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`], {
    env,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited ${child.exitCode}: ${readFileSync(log, 'utf8')}`);
    try {
      if ((await registryRequest('GET', `${url}-/ping`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`verdaccio did not answer on ${url} within 60 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
  // A throwaway user, for a token lerna can publish with.
  const res = await registryRequest('PUT', `${url}-/user/org.couchdb.user:release-check`, { name: 'release-check', password: 'release-check' });
  const token = res.body?.token;
  if (!token) throw new Error(`verdaccio gave no token (HTTP ${res.status})`);
  return { url, port, token, child };
}

/**
 * A clone of the committed HEAD whose node_modules borrows the repository's installed tools
 * (lerna, typescript, @types) by symlink, with @ferrite/* pointing at the clone's own packages.
 */
function cloneRepository(dir) {
  run('git', ['clone', '--quiet', root, dir], tmpdir());
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, '@ferrite'), { recursive: true });
  for (const entry of readdirSync(join(root, 'node_modules'))) {
    if (entry !== '@ferrite') symlinkSync(join(root, 'node_modules', entry), join(modules, entry));
  }
  for (const name of readdirSync(join(dir, 'packages'))) {
    symlinkSync(join('..', '..', 'packages', name), join(modules, '@ferrite', name));
    const nested = join(root, 'packages', name, 'node_modules');
    if (existsSync(nested) && existsSync(join(dir, 'packages', name))) symlinkSync(nested, join(dir, 'packages', name, 'node_modules'));
  }
}

/** Packages the clone would publish: name, version, folder. */
function publishable(repo) {
  return readdirSync(join(repo, 'packages'))
    .map((name) => ({ dir: join(repo, 'packages', name), pkg: join(repo, 'packages', name, 'package.json') }))
    .filter(({ pkg }) => existsSync(pkg))
    .map(({ dir, pkg }) => ({ dir, ...JSON.parse(readFileSync(pkg, 'utf8')) }))
    .filter((p) => !p.private);
}

/** Bytes of every file under `dir` (symlinks not followed). */
function du(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) total += du(path);
    else total += lstatSync(path).size;
  }
  return total;
}

const mb = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(0)} kB`);

/** A fresh project outside the repository that takes @ferrite/* from the local registry only. */
function freshProject(dir, registry) {
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'release-check-user', private: true, type: 'module' }));
  writeFileSync(join(dir, '.npmrc'), `@ferrite:registry=${registry}\n`);
  return dir;
}

/** What an install put in node_modules, from the project's lockfile: [{ name, version, hasInstallScript }]. */
function installed(project) {
  const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')).packages;
  return Object.entries(lock)
    .filter(([path]) => path.startsWith('node_modules/'))
    .map(([path, meta]) => ({ name: path.slice(path.lastIndexOf('node_modules/') + 13), ...meta }));
}

/**
 * Installs `name@version` BY NAME, alone, in a fresh project, without running install scripts
 * (what those scripts would build is measured once, in the shared project), and checks the
 * dependency closure against the design's graph.
 */
function checkClosure(work, registry, { name, version }) {
  const project = freshProject(join(work, `closure-${name.replace('@ferrite/', '')}`), registry);
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-online', '--ignore-scripts', `${name}@${version}`], project);
  const closure = installed(project);
  const names = new Set(closure.map((p) => p.name));
  const problems = [];
  const graph = GRAPH[name];
  if (!graph) problems.push(`no expected graph for ${name}: add it to GRAPH in scripts/release-check.mjs`);
  else {
    const allowed = new Set([name, ...graph.requires, ...(graph.optional ?? [])]);
    for (const n of [name, ...graph.requires]) if (!names.has(n)) problems.push(`does not bring ${n}`);
    for (const n of names) if (n.startsWith('@ferrite/') && !allowed.has(n)) problems.push(`brings ${n}, outside its graph`);
  }
  for (const n of TEST_ONLY) if (n !== name && names.has(n)) problems.push(`brings ${n}, which is only for tests`);
  const builds = closure.filter((p) => p.hasInstallScript).map((p) => p.name);
  if (PURE.includes(name) && builds.length > 0) problems.push(`runs an install script (${builds.join(', ')})`);
  if (name === '@ferrite/future' && closure.length !== 1) {
    problems.push(`installs ${closure.length - 1} other package(s): ${[...names].filter((n) => n !== name).join(', ')}`);
  }
  return { closure, names, builds, size: du(join(project, 'node_modules')), problems };
}

/**
 * Packages the README tells a user to install (every `npm install a b ...` line): the package
 * itself, and whatever else its example needs (`npm install @ferrite/tls @ferrite/executor`).
 */
function readmeInstalls(dir) {
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  return [...readme.matchAll(/^\s*npm (?:install|i) ([^#\n]+)/gm)].flatMap((m) => m[1].trim().split(/\s+/)).filter((w) => !w.startsWith('-'));
}

/** Bare package names a module imports (`from '@scope/name/sub'` → '@scope/name'). */
function importedPackages(code) {
  const specs = [...code.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2]);
  return specs
    .filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !s.startsWith('/'))
    .map((s) => s.split('/').slice(0, s.startsWith('@') ? 2 : 1).join('/'));
}

const work = mkdtempSync(join(tmpdir(), 'ferrite-release-'));
let registry;
let failed = 0;
const started = Date.now();
try {
  mkdirSync(join(work, 'registry'));
  registry = await startRegistry(join(work, 'registry'));
  console.log(`release-check: Verdaccio on ${registry.url} (no uplinks), work folder ${work}`);

  const repo = join(work, 'repo');
  cloneRepository(repo);
  const host = registry.url.replace(/^http:/, '');
  writeFileSync(join(repo, '.npmrc'), `registry=${registry.url}\n${host}:_authToken=${registry.token}\n`);
  appendFileSync(join(repo, '.git', 'info', 'exclude'), '.npmrc\n');
  const head = run('git', ['log', '-1', '--format=%h %s'], repo).trim();
  console.log(`release-check: publishing ${head}`);
  run(join(repo, 'node_modules', '.bin', 'lerna'), ['publish', 'from-package', '--yes', '--registry', registry.url, '--no-git-reset', '--loglevel', 'warn'], repo);

  const packages = publishable(repo);
  for (const p of packages) {
    const doc = (await registryRequest('GET', `${registry.url}${p.name.replace('/', '%2f')}`)).body;
    if (!doc?.versions?.[p.version]) throw new Error(`${p.name}@${p.version} is not on the local registry after lerna publish`);
  }
  console.log(`release-check: published ${packages.map((p) => `${p.name}@${p.version}`).join(', ')}`);

  // Every package by name in one project, install scripts and all: native addons build (or load
  // their prebuilds) once each, and every README example runs against what a user gets.
  const shared = freshProject(join(work, 'use-all'), registry.url);
  // Third-party packages a README tells users to install next to ours, for its example.
  const extras = [...new Set(packages.flatMap((p) => readmeInstalls(p.dir)).filter((n) => !n.startsWith('@ferrite/')))];
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-online', ...packages.map((p) => `${p.name}@${p.version}`), ...extras], shared);
  /** Bytes an install script added (a native build) to each @ferrite package that has one. */
  const built = new Map();
  for (const p of installed(shared).filter((x) => x.hasInstallScript && x.name.startsWith('@ferrite/'))) {
    const dir = join(shared, 'node_modules', p.name);
    built.set(p.name, existsSync(join(dir, 'build')) ? du(join(dir, 'build')) : 0);
  }

  for (const p of packages) {
    let result;
    try {
      result = checkClosure(work, registry.url, p);
    } catch (err) {
      result = { closure: [], names: new Set(), builds: [], size: 0, problems: [String(err.message ?? err)] };
    }
    const dir = join(shared, 'node_modules', p.name);
    // A native package that ships a prebuild for this platform must load it, not build.
    for (const n of result.builds) {
      const prebuild = join(shared, 'node_modules', n, 'prebuilds', `${process.platform}-${process.arch}`);
      if (existsSync(prebuild) && built.get(n)) result.problems.push(`${n} ships ${process.platform}-${process.arch} prebuilds but built from source`);
    }
    let example = 'not run';
    try {
      const code = readmeExample(dir);
      const told = new Set(readmeInstalls(dir));
      const foreign = importedPackages(code).filter((n) => !result.names.has(n) && !told.has(n));
      if (foreign.length) {
        result.problems.push(`README example imports ${foreign.join(', ')}: neither installing ${p.name} brings it nor does the README's npm install line name it`);
      }
      const file = join(shared, `${p.name.replace('@ferrite/', '')}-example.mjs`);
      writeFileSync(file, code);
      const r = spawnSync(process.execPath, [file], { cwd: shared, env, encoding: 'utf8', timeout: 60_000 });
      example = r.status === 0 ? 'ran' : 'failed';
      if (r.status !== 0) result.problems.push(`README example exited ${r.status ?? r.signal}\n${r.stdout}${r.stderr}`);
    } catch (err) {
      result.problems.push(String(err.message ?? err));
    }
    const size = result.size + result.builds.reduce((sum, n) => sum + (built.get(n) ?? 0), 0);
    const ok = result.problems.length === 0;
    if (!ok) failed++;
    const native = result.builds.length ? `native build: ${result.builds.join(', ')}` : 'no native build';
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${p.name}: installed by name from the local registry, README example ${example}`);
    console.log(`       closure: ${result.closure.length} package(s), ${mb(size)} installed; ${native}`);
    console.log(`       ${result.closure.map((c) => `${c.name}@${c.version}`).join(', ')}`);
    for (const problem of result.problems) console.log(`       problem: ${problem}`);
  }
  console.log(`release-check took ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`release-check: ${packages.length - failed} passed, ${failed} failed`);
} catch (err) {
  failed++;
  console.log(`FAIL release-check: ${err.message ?? err}`);
} finally {
  registry?.child.kill();
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
if (failed) process.exitCode = 1;
