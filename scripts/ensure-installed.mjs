#!/usr/bin/env node
// Runs before `npm test` and `npm start`: installs and builds whatever is missing, so both work
// on a fresh clone with nothing typed before them. Cheap when everything is already there.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const packages = readdirSync(join(root, 'packages')).map((name) => join(root, 'packages', name));

function missing() {
  if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) return 'node_modules';
  for (const dir of packages) {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    if (!existsSync(join(dir, pkg.main ?? 'dist/index.js'))) return `${pkg.name} build`;
    if (existsSync(join(dir, 'CMakeLists.txt')) && !existsSync(join(dir, 'build', 'Release'))) return `${pkg.name} native addon`;
  }
  return null;
}

const what = missing();
if (what !== null) {
  console.error(`ferrite: ${what} missing; running npm install (builds everything, native addons included)`);
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  if (missing() !== null) {
    const b = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) process.exit(b.status ?? 1);
  }
}
