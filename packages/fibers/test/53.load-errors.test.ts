// Installed with its build script skipped (pnpm's default, or --ignore-scripts), the package
// must say what to run, not fail with a bare "Cannot find module".
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

describe('loading without a native build', () => {
  it('throws ERR_NATIVE_BUILD_MISSING naming the command to run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferrite-fibers-nobuild-'));
    try {
      cpSync(new URL('../src', import.meta.url), join(dir, 'src'), { recursive: true });
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e',
          `import(${JSON.stringify(join(dir, 'src', 'index.ts'))}).then(() => console.log('loaded'), (e) => console.log(JSON.stringify({ code: e.code, message: e.message })));`],
        { encoding: 'utf8', cwd: new URL('..', import.meta.url).pathname },
      );
      expect(r.status, r.stderr).to.equal(0);
      const { code, message } = JSON.parse(r.stdout) as { code: string; message: string };
      expect(code).to.equal('ERR_NATIVE_BUILD_MISSING');
      expect(message).to.include('npm rebuild @ferrite/fibers');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
