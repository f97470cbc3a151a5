// loadAddon: a ferrite native package's addon from its two fixed places (the local build, else
// the prebuild shipped in its tarball), or a coded error that says what is wrong (another
// platform; no build that loads, with the command to run).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { platformTag, prebuildPath } from './prebuild.js';

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
      `${packageName} runs on ${platforms.join(', ')} only; this is ${platformTag()}`,
    );
  }
  const caller = typeof dir === 'string' && !dir.startsWith('file:') ? dir : fileURLToPath(dir);
  const root = packageRoot(dirname(caller));
  const load = createRequire(caller);
  // The local build first: it exists only where someone compiled on purpose (a source checkout,
  // or an install that found no prebuild loading here, or was told --build-from-source).
  if (root !== null && existsSync(join(root, file))) return load(join(root, file));
  let prebuildFailure = null;
  const prebuild = root === null ? null : prebuildPath(root, file);
  if (prebuild !== null && existsSync(prebuild)) {
    try {
      return load(prebuild);
    } catch (err) {
      // A prebuild for this platform that does not load (another libc, an older glibc): say why.
      prebuildFailure = err?.message?.split('\n')[0] ?? String(err);
    }
  }
  const why =
    prebuildFailure === null
      ? `no prebuilt addon for ${platformTag()} and no local build (${file} is missing: were install scripts skipped?)`
      : `the prebuilt addon for ${platformTag()} does not load here (${prebuildFailure}) and there is no local build (${file})`;
  throw makeError(
    'ERR_NATIVE_BUILD_MISSING',
    `${packageName}: ${why}. Build it with \`npm rebuild --build-from-source ${packageName}\` (pnpm: ` +
      `\`pnpm rebuild ${packageName}\`, after allowing its build script); ` +
      "it needs cmake, a C++ compiler and Node's headers.",
  );
}
