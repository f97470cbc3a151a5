#!/usr/bin/env node
// Proves every package is publishable on its own: `npm pack` each one, install the tarballs into
// a fresh project outside the repository (native addons build from the tarball there), then run
// each package's README example in that project.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

/** The first ```js block under the README's "## Example" heading. */
function readmeExample(dir) {
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  const section = readme.split(/^## Example\s*$/m)[1];
  const code = section && /```js\n([\s\S]*?)```/.exec(section);
  if (!code) throw new Error(`${dir}/README.md has no \`\`\`js block under "## Example"`);
  return code[1];
}

try {
  const dirs = readdirSync(join(root, 'packages')).map((name) => join(root, 'packages', name));
  const tarballs = [];
  for (const dir of dirs) {
    const out = run('npm', ['pack', '--silent', '--pack-destination', work], dir).trim().split('\n').pop();
    tarballs.push(join(work, out));
  }
  const project = join(work, 'project');
  run('mkdir', ['-p', project], work);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'pack-check', private: true, type: 'module' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], project);

  let failed = 0;
  for (const dir of dirs) {
    const name = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name;
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
