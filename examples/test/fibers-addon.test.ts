// examples/fibers-addon: a native addon of its own, built with cmake-js against the header from
// the installed @ferrite/fibers (build.mjs), whose fibers are TCP clients in straight-line C. Its
// suite uses node:test (the example depends on nothing else) and runs here in a child process.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const dir = fileURLToPath(new URL('../fibers-addon/', import.meta.url));

describe('fibers-addon: a consumer of the fibers C API', function () {
  this.timeout(120_000);

  before(() => {
    const r = spawnSync(process.execPath, ['build.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr + r.stdout).to.equal(0);
  });

  it('its own suite passes: clients, refusals, timeouts, JS throwing, close while waiting, a shared thread, workers', () => {
    const files = readdirSync(`${dir}test`).filter((f) => f.endsWith('.test.mjs')).map((f) => `test/${f}`);
    const r = spawnSync(process.execPath, ['--test', '--test-reporter=tap', ...files], { cwd: dir, encoding: 'utf8', timeout: 100_000 });
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^# fail 0$/m);
    expect(Number(/^# pass (\d+)$/m.exec(r.stdout)?.[1])).to.be.at.least(15);
  });
});
