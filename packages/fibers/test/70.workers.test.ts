// Worker threads: a worker that uses fibers and ends, or is terminated inside run(), never takes
// the process down; two workers benchmarking at once share nothing. Each storm runs in a child
// process (test/children): a crash or a hang there fails the test instead of the runner.
import { expect } from 'chai';
import { expectClean, runChild } from './util/child.js';

describe('worker threads', function () {
  this.timeout(90_000 + (Number(process.env.STORM_ROUNDS) || 0) * 3000);

  it('20 workers use FiberRuntime and exit; then a WebAssembly out-of-bounds access is still a RuntimeError', () => {
    const r = runChild('worker-exit-then-wasm.ts');
    expectClean(r);
    expect(r.stdout).to.include('wasm trap: RuntimeError');
    expect(r.stdout).to.include('addon mapped: true');
  });

  it('terminate() inside a long run() (callbacks, blocked in epoll, busy switching), 20 times', () => {
    const r = runChild('terminate-during-run.ts');
    expectClean(r);
    expect(r.stdout).to.match(/terminated (\d+) workers inside run\(\)/);
    expect(Number(/terminated (\d+)/.exec(r.stdout)![1])).to.be.at.least(20);
  });

  it('terminate() of a worker whose fiber reads /dev/zero (never EAGAIN, never EOF) returns promptly, 5 rounds', () => {
    const r = runChild('endless-fd.ts', 60_000);
    expectClean(r);
    expect(r.stdout).to.include('step() returns beside an endless reader: ok');
    const m = /terminated (\d+) workers reading \/dev\/zero; slowest terminate\(\) (\d+) ms/.exec(r.stdout);
    expect(m, r.stdout).to.not.equal(null);
    expect(Number(m![1])).to.be.at.least(5);
    expect(Number(m![2])).to.be.below(2000);
  });

  it('two workers run benchSwitch (every kind) at the same time, three rounds', () => {
    const r = runChild('bench-workers.ts');
    expectClean(r);
    expect(r.stdout).to.include('benchSwitch in two workers at once: ok');
  });
});
