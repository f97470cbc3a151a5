// loadAddon: a ferrite native package's addon from its one fixed place, or a coded error that
// says what is wrong (another platform; the build missing, with the command to run).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The nearest folder at or above `start` that holds a package.json: the calling package's root,
 * whether the caller runs from dist/ (published) or src/ (tests through tsx).
 */
function packageRoot(start) {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

/** Whether this process runs on one of `platforms` ('linux', or 'linux-x64' for one architecture). */
function supported(platforms) {
  return platforms.some((p) => p === process.platform || p === `${process.platform}-${process.arch}`);
}

export function loadAddon({ packageName, dir, file, platforms, makeError }) {
  if (!supported(platforms)) {
    throw makeError(
      'ERR_UNSUPPORTED_PLATFORM',
      `${packageName} runs on ${platforms.join(', ')} only; this is ${process.platform}-${process.arch}`,
    );
  }
  const caller = typeof dir === 'string' && !dir.startsWith('file:') ? dir : fileURLToPath(dir);
  const root = packageRoot(dirname(caller));
  if (root !== null) {
    try {
      return createRequire(caller)(join(root, file));
    } catch (err) {
      // Anything else (a build for another Node, a missing shared library) is a real error: as is.
      if (err?.code !== 'MODULE_NOT_FOUND') throw err;
    }
  }
  throw makeError(
    'ERR_NATIVE_BUILD_MISSING',
    `${packageName}: the native addon is not built (${file} is missing: were install scripts skipped?). ` +
      `Build it with \`npm rebuild ${packageName}\` (pnpm: \`pnpm rebuild ${packageName}\`, after allowing its ` +
      "build script); it needs cmake, a C++ compiler and Node's headers.",
  );
}
