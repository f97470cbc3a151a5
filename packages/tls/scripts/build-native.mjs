#!/usr/bin/env node
// Builds the native addon with cmake-js against the Node headers installed on this machine.
//
// It never downloads headers: they come from the running node's prefix (<prefix>/include/node),
// or from npm's `nodedir` setting. If neither has them, it stops with a message saying what to
// install (on Debian: the nodejs headers package matching `node --version`).
//
// This file is copied byte for byte into every native package (scripts/check-native-copies.mjs at
// the repository root fails if the copies differ): anything package-specific is read from the
// package's own package.json, so each package still builds from its own tarball.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Names the package in messages; the addon's file name comes from CMakeLists.txt's project().
const packageName = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).name;

function nodeHeaderPrefix() {
  const candidates = [process.env.npm_config_nodedir, resolve(process.execPath, '..', '..')];
  for (const prefix of candidates) {
    if (prefix && existsSync(join(prefix, 'include', 'node', 'node.h'))) return prefix;
  }
  throw new Error(
    `${packageName}: Node headers not found (looked in ${candidates.filter(Boolean).join(', ')}); ` +
      'install the headers for this Node version or set npm config nodedir',
  );
}

const prefix = nodeHeaderPrefix();
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
    NODE_ADDON_API_DIR: require('node-addon-api').include_dir,
    ...(process.env.FERRITE_SANITIZE ? { FERRITE_SANITIZE: process.env.FERRITE_SANITIZE } : {}),
  },
});
// A change of build flavour (release, debug, sanitizer) needs a fresh configure, not an
// incremental build: remember the flavour next to the build.
const flavour = JSON.stringify({ debug: !!process.env.FERRITE_DEBUG, sanitize: process.env.FERRITE_SANITIZE || null });
const flavourFile = join(packageDir, 'build', 'flavour.json');
const sameFlavour = existsSync(flavourFile) && readFileSync(flavourFile, 'utf8') === flavour;
try {
  if (sameFlavour) await build.build();
  else await build.rebuild();
  writeFileSync(flavourFile, flavour);
} catch (err) {
  console.error(`${packageName}: native build failed: ${err.message}`);
  process.exit(1);
}
