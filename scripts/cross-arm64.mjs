#!/usr/bin/env node
// node scripts/cross-arm64.mjs: do the native packages build for linux-arm64? Cross-compiles
// epoll, fibers and tls with Debian's aarch64 cross compiler (ferrite_addon()'s flags, so
// -Wall -Wextra; warnings fail here), checks each result is an AArch64 ELF, and, when qemu-user
// is there, dlopens each under qemu-aarch64 (RTLD_LAZY: no arm64 Node is at hand, so the N-API
// calls stay unresolved; it proves the file links and loads, and exports napi_register_module_v1).
// Optional: without the apt packages (g++-aarch64-linux-gnu, qemu-user) it says so and exits 0.
// It writes only under a temporary folder: nothing it builds is shipped (see addon-kit's README).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
if (!has('aarch64-linux-gnu-g++')) {
  console.log('cross-arm64: skipped: no aarch64-linux-gnu-g++ (apt-get install g++-aarch64-linux-gnu)');
  process.exit(0);
}
const work = mkdtempSync(join(tmpdir(), 'ferrite-arm64-'));
const nodeInclude = join(resolve(process.execPath, '..', '..'), 'include', 'node');
// node-addon-api's include_dir is relative to the working folder; its package folder is not.
const addonApi = dirname(createRequire(join(root, 'packages', 'addon-kit', 'package.json')).resolve('node-addon-api/package.json'));
let failed = 0;

function run(cmd, args, cwd = root) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

try {
  const built = [];
  for (const name of ['epoll', 'fibers', 'tls']) {
    const out = join(work, name);
    const configure = run('cmake', ['-S', join(root, 'packages', name), '-B', out, '-DCMAKE_BUILD_TYPE=Release',
      `-DCMAKE_TOOLCHAIN_FILE=${join(root, 'scripts', 'aarch64-linux-gnu.cmake')}`, `-DCMAKE_JS_INC=${nodeInclude}`,
      `-DCMAKE_LIBRARY_OUTPUT_DIRECTORY=${join(out, 'Release')}`, `-DFERRITE_ADDON_KIT_DIR=${join(root, 'packages', 'addon-kit')}`,
      `-DNODE_ADDON_API_DIR=${addonApi}`, '-DCMAKE_CXX_FLAGS=-DBUILDING_NODE_EXTENSION']);
    const build = configure.ok ? run('cmake', ['--build', out]) : configure;
    const addon = join(out, 'Release', `ferrite_${name}.node`);
    const elf = build.ok ? run('readelf', ['-h', addon]).out : '';
    const ok = build.ok && !/warning:/.test(build.out) && /Machine:\s+AArch64/.test(elf);
    if (!ok) failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} @ferrite/${name}: cross-compiled for linux-arm64${ok ? ' (AArch64 ELF, no warnings)' : `\n${build.out}`}`);
    if (ok) built.push(addon);
  }
  if (!has('qemu-aarch64')) {
    console.log('cross-arm64: load check skipped: no qemu-aarch64 (apt-get install qemu-user)');
  } else if (built.length > 0) {
    writeFileSync(join(work, 'dlopen.c'), [
      '#include <dlfcn.h>', '#include <stdio.h>',
      'int main(int argc, char **argv) {', '  int bad = 0;', '  for (int i = 1; i < argc; i++) {',
      '    void *h = dlopen(argv[i], RTLD_LAZY | RTLD_LOCAL);',
      '    if (!h || !dlsym(h, "napi_register_module_v1")) { printf("FAIL %s: %s\\n", argv[i], h ? "no napi_register_module_v1" : dlerror()); bad = 1; }',
      '    else printf("ok   %s: dlopen under qemu-aarch64, napi_register_module_v1 found\\n", argv[i]);', '  }', '  return bad;', '}', ''].join('\n'));
    const cc = run('aarch64-linux-gnu-gcc', ['-o', join(work, 'dlopen'), join(work, 'dlopen.c'), '-ldl']);
    const load = cc.ok ? run('qemu-aarch64', ['-L', '/usr/aarch64-linux-gnu', join(work, 'dlopen'), ...built]) : cc;
    console.log(load.out.trim());
    if (!load.ok) failed++;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(failed === 0 ? 'cross-arm64: ok' : `cross-arm64: ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
