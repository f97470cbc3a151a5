import { spawnSync } from 'node:child_process';
import { expect } from 'chai';

describe('the switch outside Node (scripts/check-switch.sh)', () => {
  it('preserves callee-saved registers, ping-pongs, and a returning body reaches the exit hook', () => {
    const r = spawnSync('bash', ['scripts/check-switch.sh'], { cwd: new URL('..', import.meta.url).pathname, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).to.equal(0);
    const host = process.arch === 'arm64' ? 'aarch64' : 'x86-64';
    expect(r.stdout).to.include(`${host}: callee-saved mask 0 (0 = all preserved), 100001 bounces a fiber body returned: the exit hook was reached`);
  });
});
