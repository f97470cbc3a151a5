// loadAddon: the addon from the package root, or the package's own coded error saying what is
// wrong. One fixture package per test, in a temporary folder (no native build needed: a .cjs file
// stands in for the addon, garbage in a .node file for a broken build).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { loadAddon, type LoadErrorCode } from '../lib/load.js';

/** A package's own error class, as EpollError, FiberError and TlsError are. */
class FixtureError extends Error {
  constructor(readonly code: LoadErrorCode, message: string) {
    super(message);
  }
}

const here = `${process.platform}-${process.arch}`;
let root: string;

/** The fixture package's root, with `files` (path → content) written under it. */
function fixture(files: Record<string, string>): string {
  for (const [path, content] of Object.entries({ 'package.json': '{"name":"fixture"}', ...files })) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

function load(file: string, platforms: readonly string[] = [process.platform], from = 'dist/binding.js'): unknown {
  return loadAddon({
    packageName: '@ferrite/fixture',
    dir: pathToFileURL(join(root, from)).href,
    file,
    platforms,
    makeError: (code, message) => new FixtureError(code, message),
  });
}

/** What `fn` threw (it must throw). */
function thrown(fn: () => unknown): FixtureError {
  try {
    fn();
  } catch (err) {
    return err as FixtureError;
  }
  throw new Error('did not throw');
}

describe('loadAddon', () => {
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ferrite-addon-kit-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('returns the addon, resolved from the package root whether the caller is in dist/ or src/', () => {
    fixture({ 'build/Release/addon.cjs': 'module.exports = { answer: 42 };' });
    expect(load('build/Release/addon.cjs')).to.deep.equal({ answer: 42 });
    expect(load('build/Release/addon.cjs', [process.platform], 'src/binding.ts')).to.deep.equal({ answer: 42 });
  });

  it('accepts a platform with its architecture, and refuses another with ERR_UNSUPPORTED_PLATFORM', () => {
    fixture({ 'build/Release/addon.cjs': 'module.exports = 1;' });
    expect(load('build/Release/addon.cjs', ['win32', here])).to.equal(1);
    const err = thrown(() => load('build/Release/addon.cjs', ['win32', `${process.platform}-s390x`]));
    expect(err).to.be.instanceOf(FixtureError);
    expect(err.code).to.equal('ERR_UNSUPPORTED_PLATFORM');
    expect(err.message).to.equal(`@ferrite/fixture runs on win32, ${process.platform}-s390x only; this is ${here}`);
  });

  it('a missing build is the package\'s ERR_NATIVE_BUILD_MISSING naming the platform, the file and the command to run', () => {
    fixture({});
    const err = thrown(() => load('build/Release/fixture.node'));
    expect(err).to.be.instanceOf(FixtureError);
    expect(err.code).to.equal('ERR_NATIVE_BUILD_MISSING');
    expect(err.message).to.include(`no prebuilt addon for ${here} and no local build`);
    expect(err.message).to.include('build/Release/fixture.node is missing');
    expect(err.message).to.include('`npm rebuild --build-from-source @ferrite/fixture`');
  });

  it('without a local build, loads the prebuild for this platform from prebuilds/<platform>-<arch>/', () => {
    fixture({ [`prebuilds/${here}/addon.cjs`]: 'module.exports = { from: "prebuild" };' });
    expect(load('build/Release/addon.cjs')).to.deep.equal({ from: 'prebuild' });
  });

  it('prefers the local build to the prebuild (a checkout, or an install that compiled on purpose)', () => {
    fixture({
      'build/Release/addon.cjs': 'module.exports = { from: "build" };',
      [`prebuilds/${here}/addon.cjs`]: 'module.exports = { from: "prebuild" };',
    });
    expect(load('build/Release/addon.cjs')).to.deep.equal({ from: 'build' });
  });

  it('ignores a prebuild for another platform: ERR_NATIVE_BUILD_MISSING', () => {
    fixture({ [`prebuilds/${process.platform}-s390x/addon.cjs`]: 'module.exports = 1;' });
    const err = thrown(() => load('build/Release/addon.cjs'));
    expect(err.code).to.equal('ERR_NATIVE_BUILD_MISSING');
    expect(err.message).to.include(`no prebuilt addon for ${here}`);
  });

  it('a prebuild that does not load here (another libc) is ERR_NATIVE_BUILD_MISSING saying why', () => {
    fixture({ [`prebuilds/${here}/fixture.node`]: 'not an ELF file' });
    const err = thrown(() => load('build/Release/fixture.node'));
    expect(err).to.be.instanceOf(FixtureError);
    expect(err.code).to.equal('ERR_NATIVE_BUILD_MISSING');
    // dlopen's own words (file too short, invalid ELF header, a missing GLIBC version) in brackets.
    expect(err.message).to.match(new RegExp(`the prebuilt addon for ${here} does not load here \\(\\S+fixture\\.node: .+\\)`));
    expect(err.message).to.include('`npm rebuild --build-from-source @ferrite/fixture`');
  });

  it('any other load failure (a broken build) is thrown as it is', () => {
    fixture({ 'build/Release/fixture.node': 'not an ELF file' });
    const err = thrown(() => load('build/Release/fixture.node')) as unknown as NodeJS.ErrnoException;
    expect(err).not.to.be.instanceOf(FixtureError);
    expect(err.code).to.equal('ERR_DLOPEN_FAILED');
  });

  it('works from a binding module\'s own import.meta.url, as the native packages call it', async () => {
    const kit = pathToFileURL(join(import.meta.dirname, '..', 'lib', 'load.js')).href;
    fixture({
      'dist/binding.mjs': [
        `import { loadAddon } from ${JSON.stringify(kit)};`,
        'class FixtureError extends Error { constructor(code, message) { super(message); this.code = code; } }',
        "export const native = loadAddon({ packageName: '@ferrite/fixture', dir: import.meta.url, file: 'build/Release/fixture.node',",
        '  platforms: [process.platform], makeError: (code, message) => new FixtureError(code, message) });',
      ].join('\n'),
    });
    const err = await import(pathToFileURL(join(root, 'dist', 'binding.mjs')).href).then(
      () => null,
      (e: FixtureError) => e,
    );
    expect(err?.constructor.name).to.equal('FixtureError');
    expect(err?.code).to.equal('ERR_NATIVE_BUILD_MISSING');
  });
});
