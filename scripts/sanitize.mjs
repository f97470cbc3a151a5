#!/usr/bin/env node
// node scripts/sanitize.mjs [epoll|fibers ...]: the native packages under both tools.
//  1. valgrind (memcheck) over the package's scripts/sanitize-scenario.mjs, which touches every
//     native path (fiber stacks are registered with VALGRIND_STACK_REGISTER);
//  2. AddressSanitizer over the package's whole mocha suite: the addon rebuilt with
//     -fsanitize=address (fiber switches announced with __sanitizer_start/finish_switch_fiber)
//     and libasan preloaded into the uninstrumented node; the ordinary build is restored after.
// Not part of `npm test`: it rebuilds the addons twice and valgrind makes node ~50x slower.
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const names = process.argv.slice(2).length ? process.argv.slice(2) : ['epoll', 'fibers'];
const libasan = execFileSync('g++', ['-print-file-name=libasan.so'], { encoding: 'utf8' }).trim();
// The build command every native package's install script runs (@ferrite/addon-kit's bin), from
// the package's folder; FERRITE_SANITIZE picks the flavour.
const buildNative = fileURLToPath(new URL('../packages/addon-kit/bin/ferrite-build-native.mjs', import.meta.url));
let failed = 0;

for (const name of names) {
  const pkg = fileURLToPath(new URL(`../packages/${name}/`, import.meta.url));
  const run = (cmd, args, env = {}) => spawnSync(cmd, args, { cwd: pkg, stdio: 'inherit', env: { ...process.env, ...env } });
  const build = (sanitize) => {
    if (run(process.execPath, [buildNative], { FERRITE_SANITIZE: sanitize }).status !== 0) process.exit(1);
  };
  build(''); // valgrind runs the build as shipped
  console.log(`== ${name}: valgrind (memcheck), native scenario ==`);
  const vg = run('valgrind', ['--error-exitcode=99', '--leak-check=no', '-q', process.execPath, 'scripts/sanitize-scenario.mjs'], { FERRITE_UNDER_VALGRIND: '1' });
  if (vg.error) console.error(`valgrind not available: ${vg.error.message}`);
  if (vg.status !== 0) failed++;
  console.log(`== ${name}: AddressSanitizer, the mocha suite ==`);
  try {
    build('address');
    if (run('npx', ['mocha'], { LD_PRELOAD: libasan, ASAN_OPTIONS: 'detect_leaks=0:verify_asan_link_order=0' }).status !== 0) failed++;
  } finally {
    build('');
  }
}
console.log(failed === 0 ? 'sanitizers: clean' : `sanitizers: ${failed} run(s) failed`);
process.exit(failed === 0 ? 0 : 1);
