import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const MAIN = fileURLToPath(new URL('../ch04-epoll/main.ts', import.meta.url));

describe('chapter 4: five delayed GETs over raw epoll', () => {
  it('prints the responses in reverse order of sending, then FINISHED', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--unit', '60'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.stderr).to.equal('');
    expect(r.status).to.equal(0);
    const order = [...r.stdout.matchAll(/RECEIVED: (\d+)/g)].map((m) => Number(m[1]));
    expect(order).to.deep.equal([4, 3, 2, 1, 0]);
    const bodies = [...r.stdout.matchAll(/\r\n\r\n(request-\d)/g)].map((m) => m[1]);
    expect(bodies).to.deep.equal(['request-4', 'request-3', 'request-2', 'request-1', 'request-0']);
    expect(r.stdout.trimEnd().endsWith('FINISHED')).to.equal(true);
  });
});
