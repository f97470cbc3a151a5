// A PATH on which no native build can run: one folder of symlinks to every program on the current
// PATH except the build tools (cmake, ninja, make and every C/C++ compiler driver, prefixed or
// versioned: gcc-12, x86_64-linux-gnu-g++, clang++ ...). scripts/pack-check.mjs installs the
// tarballs under it to prove that the prebuilds serve a machine with no toolchain.
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const BUILD_TOOL = /^(cmake|ctest|cpack|ninja|g?make|(.+-)?(cc|c\+\+|cpp|gcc|g\+\+|clang|clang\+\+)(-[0-9.]+)?)$/;

/** Whether `name` is a program a native build needs (and so must be missing from the PATH). */
export function isBuildTool(name) {
  return BUILD_TOOL.test(name);
}

/** Fills `dir` with the symlinks and returns it, to be the whole PATH of a child process. */
export function noCompilerPath(dir, path = process.env.PATH ?? '') {
  mkdirSync(dir, { recursive: true });
  const seen = new Set();
  for (const folder of path.split(delimiter)) {
    if (!folder || !existsSync(folder)) continue;
    for (const name of readdirSync(folder)) {
      // The first of a name on the PATH is the one a shell would run.
      if (seen.has(name) || isBuildTool(name)) continue;
      seen.add(name);
      symlinkSync(join(folder, name), join(dir, name));
    }
  }
  return dir;
}
