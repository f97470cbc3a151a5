#!/usr/bin/env node
// ferrite-build-native: builds the native addon of the package in the current working directory
// (npm runs a package's install script from its root) with cmake-js, against the Node headers
// installed on this machine.
//
// It never downloads headers: they come from the running node's prefix (<prefix>/include/node),
// or from npm's `nodedir` setting. If neither has them, it stops with a message saying what to
// install (on Debian: the nodejs headers package matching `node --version`).
//
// The package's CMakeLists.txt includes ${FERRITE_ADDON_KIT_DIR}/cmake/ferrite-addon.cmake (the
// settings every ferrite addon shares); this script passes that folder and node-addon-api's.
// FERRITE_DEBUG=1 builds Debug, FERRITE_SANITIZE=address (or another -fsanitize= value) an
// instrumented addon; FERRITE_BUILD_VERBOSE=1 shows cmake's output.
//
// Prebuilds: as the package's install script (npm_lifecycle_event=install, also under `npm
// rebuild`), it compiles nothing when the package ships an addon in prebuilds/<platform>-<arch>/
// and that loads in a fresh Node process; a prebuild that does not load (another libc, an older glibc)
// or none for this machine means a build from source, and so does asking for one
// (`npm install --build-from-source`, or FERRITE_BUILD_FROM_SOURCE=1 or =<package name,...>).
// Run any other way (`npm run build`) it always compiles. `--prebuild` (the package's prepack)
// builds Release and copies the addon to prebuilds/<platform>-<arch>/, so a tarball always ships
// a prebuild of the code it ships.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProblem, platformTag, prebuildsFor, sourceBuildRequest } from '../lib/prebuild.js';

// cmake-js and node-addon-api are this kit's dependencies, resolved from here, not from the package.
const require = createRequire(import.meta.url);
const kitDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packageDir = process.cwd();

function packageName() {
  const manifest = join(packageDir, 'package.json');
  if (!existsSync(manifest) || !existsSync(join(packageDir, 'CMakeLists.txt'))) {
    console.error(`ferrite-build-native: run it from a native package's folder (no package.json and CMakeLists.txt in ${packageDir})`);
    process.exit(1);
  }
  // Names the package in messages; the addon's file name comes from CMakeLists.txt's project().
  return JSON.parse(readFileSync(manifest, 'utf8')).name;
}

function nodeHeaderPrefix(name) {
  const candidates = [process.env.npm_config_nodedir, resolve(process.execPath, '..', '..')];
  for (const prefix of candidates) {
    if (prefix && existsSync(join(prefix, 'include', 'node', 'node.h'))) return prefix;
  }
  console.error(
    `${name}: Node headers not found (looked in ${candidates.filter(Boolean).join(', ')}); ` +
      'install the headers for this Node version or set npm config nodedir',
  );
  process.exit(1);
}

/**
 * Whether the install can skip compiling: true when a prebuild for this machine loads and no
 * build from source was asked; otherwise says why it compiles (when that is news to the user).
 */
function prebuildServes(name) {
  const asked = sourceBuildRequest(name);
  if (asked !== null) return false;
  const prebuilds = prebuildsFor(packageDir);
  if (prebuilds.length === 0) {
    console.error(`${name}: no prebuilt addon for ${platformTag()}; building from source (needs cmake and a C++ compiler)`);
    return false;
  }
  for (const file of prebuilds) {
    const problem = loadProblem(file);
    if (problem !== null) {
      console.error(`${name}: the prebuilt ${relative(packageDir, file)} does not load here (${problem}); building from source`);
      return false;
    }
  }
  return true;
}

const name = packageName();
const prebuild = process.argv.includes('--prebuild');
if (!prebuild && process.env.npm_lifecycle_event === 'install' && prebuildServes(name)) process.exit(0);
if (prebuild) {
  // A prebuild is what users run: always the Release flavour, whatever this shell asks for.
  delete process.env.FERRITE_DEBUG;
  delete process.env.FERRITE_SANITIZE;
}
const prefix = nodeHeaderPrefix(name);
// cmake-js reads npm_config_nodedir and would otherwise download headers.
process.env.npm_config_nodedir = prefix;
const { BuildSystem } = require('cmake-js');
const build = new BuildSystem({
  directory: packageDir,
  runtime: 'node',
  runtimeVersion: process.versions.node,
  runtimeDirectory: prefix,
  arch: process.arch,
  config: process.env.FERRITE_DEBUG ? 'Debug' : 'Release',
  logLevel: process.env.FERRITE_BUILD_VERBOSE ? 'verbose' : 'warn',
  cMakeOptions: {
    FERRITE_ADDON_KIT_DIR: kitDir,
    NODE_ADDON_API_DIR: require('node-addon-api').include_dir,
    ...(process.env.FERRITE_SANITIZE ? { FERRITE_SANITIZE: process.env.FERRITE_SANITIZE } : {}),
  },
});
// A change of build flavour (release, debug, sanitizer) needs a fresh configure, not an
// incremental build, and so does a kit in another folder (the cache holds its path): remember
// both next to the build.
const flavour = JSON.stringify({ debug: !!process.env.FERRITE_DEBUG, sanitize: process.env.FERRITE_SANITIZE || null, kit: kitDir });
const flavourFile = join(packageDir, 'build', 'flavour.json');
const sameFlavour = existsSync(flavourFile) && readFileSync(flavourFile, 'utf8') === flavour;
try {
  if (sameFlavour) await build.build();
  else await build.rebuild();
  writeFileSync(flavourFile, flavour);
} catch (err) {
  console.error(`${name}: native build failed: ${err.message}`);
  process.exit(1);
}
if (prebuild) {
  // Only what this build made: a stale prebuild of older code must never ship.
  const out = join(packageDir, 'prebuilds', platformTag());
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const release = join(packageDir, 'build', 'Release');
  for (const file of readdirSync(release).filter((f) => f.endsWith('.node'))) copyFileSync(join(release, file), join(out, file));
}
