import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const run = (file: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(`../ch05-fibers/${file}`, import.meta.url))], { encoding: 'utf8', timeout: 30_000 });

describe('chapter 5: fibers', () => {
  it('prints the book\'s interleaved counters', () => {
    const r = run('main.ts');
    expect(r.stderr).to.equal('');
    const lines = r.stdout.trim().split('\n');
    expect(lines.slice(0, 4)).to.deep.equal(['thread: 1 counter: 0', 'thread: 2 counter: 0', 'thread: 1 counter: 1', 'thread: 2 counter: 1']);
    expect(lines.filter((l) => l.startsWith('thread: 1'))).to.have.length(10);
    expect(lines.filter((l) => l.startsWith('thread: 2'))).to.have.length(15);
    expect(lines.at(-1)).to.equal('Finished running all tasks!');
  });

  it('b-show-stack prints the stack above the saved stack pointer, marker included', () => {
    const r = run('b-show-stack.ts');
    expect(r.stderr).to.equal('');
    expect(r.stdout).to.match(/^fiber 1: saved sp 0x[0-9a-f]+, stack top 0x[0-9a-f]+/);
    expect(r.stdout).to.include("0xdeadbeefcafebabe   <- marker in the fiber's frame");
  });
});
