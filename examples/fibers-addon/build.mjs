#!/usr/bin/env node
// Builds the addon with cmake-js against this machine's Node headers (<prefix>/include/node, or
// npm's nodedir): never downloads them. The fibers header comes from the installed package.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { includeDir } from '@ferrite/fibers';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const prefix = [process.env.npm_config_nodedir, resolve(process.execPath, '..', '..')].find((p) => p && existsSync(join(p, 'include', 'node', 'node_api.h')));
if (!prefix) {
  console.error('fibers-addon: Node headers not found; install the headers for this Node version or set npm config nodedir');
  process.exit(1);
}
process.env.npm_config_nodedir = prefix; // or cmake-js would download headers
const { BuildSystem } = require('cmake-js');
const build = new BuildSystem({
  directory: here,
  runtime: 'node',
  runtimeVersion: process.versions.node,
  runtimeDirectory: prefix,
  arch: process.arch,
  config: 'Release',
  logLevel: process.env.BUILD_VERBOSE ? 'verbose' : 'warn',
  cMakeOptions: { FERRITE_FIBERS_INCLUDE: includeDir },
});
try {
  await build.build();
} catch (err) {
  console.error(`fibers-addon: build failed: ${err.message}`);
  process.exit(1);
}
