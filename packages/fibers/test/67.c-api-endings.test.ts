// How runtimes end when nobody closes them: garbage collection (finalizers; a kept handle stays
// valid), the process ending with fibers suspended (naturally, process.exit() from a channel
// function in either run mode, a worker's process.exit()). Each in a child process, so a crash
// fails here; fds are counted in /proc/self/fd.
import { expect } from 'chai';
import { expectClean, runChild } from './util/child.js';

const EBADF = -9;
const cleanupLines = (stderr: string) => stderr.split('\n').filter((l) => l === 'probe: cleanup').length;

describe('runtimes nobody closed', function () {
  this.timeout(60_000);

  it('51 collected with fibers suspended: every cleanup runs once, no fd left; a kept handle says -EBADF', () => {
    const r = runChild('gc-unclosed.ts', 60_000, { nodeArgs: ['--expose-gc'] });
    expectClean(r);
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).to.deep.equal({ fdsLeft: 0, cleanups: 51, keptSpawn: EBADF });
  });

  it('the script ends with fibers asleep: the environment cleanup closes the runtime, each cleanup once', () => {
    const r = runChild('exit-suspended.ts', 60_000, { args: ['natural'] });
    expectClean(r);
    expect(cleanupLines(r.stderr)).to.equal(3);
  });

  it("a C++ exception leaving a cleanup ends the process in std::terminate, saying so (the header's rule)", () => {
    const r = runChild('exit-suspended.ts', 60_000, { args: ['cleanup-throws'] });
    expect(r.signal, r.stderr).to.equal('SIGABRT');
    expect(r.stderr).to.include("terminate called after throwing an instance of 'std::runtime_error'");
    expect(r.stdout).to.not.include('run() returned');
  });

  for (const [how, status] of [['exit-in-run', 3], ['exit-in-loop', 4]] as const) {
    it(`process.exit(${status}) from a channel function (${how}): that status, no signal, no fatal error`, () => {
      const r = runChild('exit-suspended.ts', 60_000, { args: [how] });
      const why = `${r.signal} ${r.status}\n${r.stderr}`;
      expect(r.signal, why).to.equal(null);
      expect(r.status, why).to.equal(status);
      expect(r.stderr, why).to.not.match(/FATAL ERROR|Assertion|Segmentation/);
    });
  }

  for (const [how, what, status] of [
    ['worker-exit', "a worker's process.exit(5) from a channel function inside run()", 5],
    ['terminate-run', 'terminate() of a worker whose fibers wait (a socket, sleeps) inside run()', 1],
    ['terminate-loop', 'terminate() of a worker whose fibers wait inside runInLoop()', 1],
  ] as const) {
    it(`${what}: exit code ${status}, each cleanup once, no fd left`, () => {
      const r = runChild('exit-suspended.ts', 60_000, { args: [how] });
      expectClean(r);
      expect(r.stdout).to.include(`worker exit ${status}, fds left 0`);
      expect(cleanupLines(r.stderr)).to.equal(3);
    });
  }
});
