import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const run = (file: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(`../ch08-runtime/${file}`, import.meta.url)), ...args], {
    encoding: 'utf8',
    timeout: 30_000,
  });

describe('chapter 8: the runtime', () => {
  it('a-runtime: blockOn of two sequential GETs prints both responses (≈ 1 s)', () => {
    const r = run('a-runtime.ts');
    expect(r.stderr).to.equal('');
    expect(r.status).to.equal(0);
    expect(r.stdout.match(/HTTP\/1\.1 200 OK/g)).to.have.length(2);
    expect(r.stdout.indexOf('Program starting')).to.equal(0);
    const elapsed = Number(/ELAPSED TIME: ([\d.]+)/.exec(r.stdout)![1]);
    expect(elapsed).to.be.at.least(1.0);
  });

  it('b-reactor-executor: five concurrent requests take the longest delay, not the sum', () => {
    const r = run('b-reactor-executor.ts', '--unit', '150');
    expect(r.stderr).to.equal('');
    expect(r.status).to.equal(0);
    const order = [...r.stdout.matchAll(/HelloAsyncAwait(\d)/g)].map((m) => Number(m[1]));
    expect(order).to.deep.equal([0, 1, 2, 3, 4]);
    const elapsed = Number(/ELAPSED TIME: ([\d.]+)/.exec(r.stdout)![1]);
    expect(elapsed).to.be.at.least(0.6).and.below(1.5); // 4 x 150 ms, far from 10 x 150 ms
  });
});

describe('chapters 7 and 8 on the real HTTP client', () => {
  it('five sequential Http.gets take the sum of the delays; joinAll takes the longest', () => {
    const r = run('c-http-client.ts', '--unit', '100');
    expect(r.stderr).to.equal('');
    expect(r.status).to.equal(0);
    expect(r.stdout.match(/^200 HelloAsyncAwait\d$/gm)).to.have.length(10);
    const seq = Number(/ELAPSED \(sequential\): ([\d.]+)/.exec(r.stdout)![1]);
    const joined = Number(/ELAPSED \(joinAll\): ([\d.]+)/.exec(r.stdout)![1]);
    expect(seq).to.be.at.least(1.0);
    expect(joined).to.be.at.least(0.4).and.below(seq);
  });
});

describe('npm start (d-ferrite-get: a delay server and ferrite-get)', () => {
  it('fetches the book\'s five delayed URLs concurrently: the longest delay, not the sum', () => {
    const r = run('d-ferrite-get.ts', '--unit', '200');
    expect(r.stderr).to.equal('');
    expect(r.status).to.equal(0);
    expect(r.stdout.match(/^200 OK  16 B  \d+ ms  http:\/\/127\.0\.0\.1:\d+\/\d+\/HelloAsyncAwait\d$/gm)).to.have.length(5);
    const secs = Number(/^5 requests in ([\d.]+) s$/m.exec(r.stdout)![1]);
    expect(secs).to.be.at.least(0.8); // the longest delay, 4 x 200 ms
  });
});
