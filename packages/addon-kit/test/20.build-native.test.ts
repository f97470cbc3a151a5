// ferrite-build-native as an install script: it compiles nothing when a prebuild for this machine
// loads, and builds from source when none fits or when asked; `--prebuild` copies a fresh Release
// build into prebuilds/<platform>-<arch>/. One fixture package per test in a temporary folder.
// Its CMakeLists.txt compiles nothing (project NONE): it either stops at configure with a marker
// (so "it built from source" is seen in milliseconds) or writes a stand-in addon at configure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { sourceBuildRequest } from '../lib/prebuild.js';

const bin = join(import.meta.dirname, '..', 'bin', 'ferrite-build-native.mjs');
const here = `${process.platform}-${process.arch}`;
const CONFIGURE_FAILS = 'cmake_minimum_required(VERSION 3.15)\nproject(fx NONE)\nmessage(FATAL_ERROR "FIXTURE-CONFIGURED")\n';
// Writes build/<type>/fx.node holding the build type: what --prebuild copies, and which flavour it was.
const WRITES_ADDON =
  'cmake_minimum_required(VERSION 3.15)\nproject(fx NONE)\nfile(WRITE ${CMAKE_LIBRARY_OUTPUT_DIRECTORY}/fx.node "${CMAKE_BUILD_TYPE}")\n';

let stubAddon: string; // a real, loadable N-API addon (it exports nothing)
let scratch: string;
let root: string;

/** The fixture package with `files` (path → content, or a Buffer) under its root. */
function fixture(cmake: string, files: Record<string, string | Buffer> = {}): void {
  for (const [path, content] of Object.entries({ 'package.json': '{"name":"@ferrite/fx"}', 'CMakeLists.txt': cmake, ...files })) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** Runs the bin in the fixture with only `env` from npm (none of this test run's npm_* settings). */
function runBin(env: Record<string, string | undefined>, args: string[] = []) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|FERRITE_)/i.test(k)));
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, env: { ...clean, ...env }, encoding: 'utf8' });
  return { status: r.status, output: r.stdout + r.stderr };
}

const INSTALL = { npm_lifecycle_event: 'install' };

describe('ferrite-build-native', () => {
  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'ferrite-addon-kit-stub-'));
    writeFileSync(join(scratch, 'stub.c'), 'void *napi_register_module_v1(void *env, void *exports) { (void)env; return exports; }\n');
    stubAddon = join(scratch, 'stub.node');
    const cc = spawnSync('cc', ['-shared', '-fPIC', '-o', stubAddon, join(scratch, 'stub.c')], { encoding: 'utf8' });
    expect(cc.status, cc.stderr).to.equal(0);
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ferrite-addon-kit-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('as the install script, compiles nothing when the prebuild for this machine loads', () => {
    fixture(CONFIGURE_FAILS, { [`prebuilds/${here}/fx.node`]: readFileSync(stubAddon) });
    const r = runBin(INSTALL);
    expect(r.status, r.output).to.equal(0);
    expect(r.output).not.to.include('FIXTURE-CONFIGURED');
    expect(existsSync(join(root, 'build'))).to.equal(false);
  });

  it('builds from source when asked: npm install --build-from-source, or FERRITE_BUILD_FROM_SOURCE', () => {
    fixture(CONFIGURE_FAILS, { [`prebuilds/${here}/fx.node`]: readFileSync(stubAddon) });
    for (const asked of [{ npm_config_build_from_source: 'true' }, { FERRITE_BUILD_FROM_SOURCE: '1' }, { FERRITE_BUILD_FROM_SOURCE: '@ferrite/fx' }]) {
      const r = runBin({ ...INSTALL, ...asked });
      expect(r.status, JSON.stringify(asked)).to.equal(1);
      expect(r.output).to.include('FIXTURE-CONFIGURED');
    }
  });

  it('builds from source, saying why, when the prebuild does not load here (another libc)', () => {
    fixture(CONFIGURE_FAILS, { [`prebuilds/${here}/fx.node`]: 'not an ELF file' });
    const r = runBin(INSTALL);
    expect(r.output).to.match(new RegExp(`@ferrite/fx: the prebuilt prebuilds/${here}/fx.node does not load here \\(.+\\); building from source`));
    expect(r.output).to.include('FIXTURE-CONFIGURED');
  });

  it('builds from source, saying why, when there is no prebuild for this machine', () => {
    fixture(CONFIGURE_FAILS, { [`prebuilds/${process.platform}-s390x/fx.node`]: readFileSync(stubAddon) });
    const r = runBin(INSTALL);
    expect(r.output).to.include(`@ferrite/fx: no prebuilt addon for ${here}; building from source`);
    expect(r.output).to.include('FIXTURE-CONFIGURED');
  });

  it('run any other way (npm run build, by hand), always compiles', () => {
    fixture(CONFIGURE_FAILS, { [`prebuilds/${here}/fx.node`]: readFileSync(stubAddon) });
    for (const env of [{}, { npm_lifecycle_event: 'build' }]) {
      const r = runBin(env);
      expect(r.output).to.include('FIXTURE-CONFIGURED');
    }
  });

  it('--prebuild replaces prebuilds/<platform>-<arch>/ with this Release build, whatever flavour was asked', () => {
    fixture(WRITES_ADDON, { [`prebuilds/${here}/stale.node`]: 'an older build' });
    const r = runBin({ FERRITE_DEBUG: '1' }, ['--prebuild']);
    expect(r.status, r.output).to.equal(0);
    expect(readdirSync(join(root, 'prebuilds', here))).to.deep.equal(['fx.node']);
    expect(readFileSync(join(root, 'prebuilds', here, 'fx.node'), 'utf8')).to.equal('Release');
  });
});

describe('sourceBuildRequest', () => {
  it('reads npm_config_build_from_source and FERRITE_BUILD_FROM_SOURCE: true, 1, or a list of package names', () => {
    expect(sourceBuildRequest('@ferrite/fx', {})).to.equal(null);
    expect(sourceBuildRequest('@ferrite/fx', { npm_config_build_from_source: 'true' })).to.equal('npm_config_build_from_source');
    expect(sourceBuildRequest('@ferrite/fx', { FERRITE_BUILD_FROM_SOURCE: '1' })).to.equal('FERRITE_BUILD_FROM_SOURCE');
    expect(sourceBuildRequest('@ferrite/fx', { FERRITE_BUILD_FROM_SOURCE: '@ferrite/a, @ferrite/fx' })).to.equal('FERRITE_BUILD_FROM_SOURCE');
    expect(sourceBuildRequest('@ferrite/fx', { FERRITE_BUILD_FROM_SOURCE: '@ferrite/a' })).to.equal(null);
    for (const off of ['', 'false', '0']) {
      expect(sourceBuildRequest('@ferrite/fx', { npm_config_build_from_source: off, FERRITE_BUILD_FROM_SOURCE: off })).to.equal(null);
    }
  });
});
