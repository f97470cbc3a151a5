// Where a package's prebuilt addon lives, whether it loads here, and whether the user asked for a
// build from source. Internal to the kit (not in its exports): loadAddon and ferrite-build-native
// share it so the two never disagree on a path or on what "asked" means.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

/** This machine as prebuilds/ names it: `linux-x64`, `linux-arm64` (glibc builds). */
export function platformTag(platform = process.platform, arch = process.arch) {
  return `${platform}-${arch}`;
}

/** The prebuild that stands for the local build `file` (`build/Release/x.node`) under `root`. */
export function prebuildPath(root, file, tag = platformTag()) {
  return join(root, 'prebuilds', tag, basename(file));
}

/** Every prebuilt addon a package ships for this machine (one per package in practice). */
export function prebuildsFor(root, tag = platformTag()) {
  const dir = join(root, 'prebuilds', tag);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.node'))
    .map((name) => join(dir, name));
}

/**
 * Null when `path` loads in a fresh Node process (so a crash or a wrong glibc cannot take the
 * installer down with it), else the loader's first line of complaint.
 */
export function loadProblem(path) {
  const r = spawnSync(process.execPath, ['-e', 'require(process.argv[1])', path], { encoding: 'utf8', timeout: 60_000 });
  if (r.status === 0) return null;
  const line = r.stderr.split('\n').find((l) => /error/i.test(l)) ?? `exited ${r.status ?? r.signal}`;
  return line.trim();
}

/**
 * Whether a build from source was asked for `packageName`: `npm install --build-from-source`
 * (npm hands it to scripts as npm_config_build_from_source) or FERRITE_BUILD_FROM_SOURCE, either
 * `true`/`1` (every package) or a comma-separated list of package names. Returns what asked, or null.
 */
export function sourceBuildRequest(packageName, env = process.env) {
  for (const key of ['FERRITE_BUILD_FROM_SOURCE', 'npm_config_build_from_source']) {
    const value = (env[key] ?? '').trim();
    if (value === '' || value === 'false' || value === '0') continue;
    if (value === 'true' || value === '1') return key;
    if (value.split(',').map((s) => s.trim()).includes(packageName)) return key;
  }
  return null;
}
