// Two copies of @ferrite/future in one process (npm's dual-package hazard: a dependency pins
// another version, or a bundle inlines one). A future made with one copy must keep its meaning
// inside the other's combinators: its Pending is the other copy's Pending, not a Ready whose value
// is a symbol. The sentinel is registered (Symbol.for), as the join protocol's key already is.
import { expect } from 'chai';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as A from '../src/index.js';

type Lib = typeof A;

describe('two copies of the package in one process', () => {
  let dir: string;
  let B: Lib;

  before(async () => {
    // The second copy: the built package (dist/) under another path, so Node loads it anew.
    dir = mkdtempSync(join(tmpdir(), 'ferrite-future-copy-'));
    cpSync(fileURLToPath(new URL('../dist', import.meta.url)), join(dir, 'dist'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    B = (await import(pathToFileURL(join(dir, 'dist', 'index.js')).href)) as Lib;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A future of copy A: Pending once (waking its waker), then Ready(42). */
  const pendingOnce = (): A.Future<number> => {
    let polled = false;
    return {
      poll(cx: A.Context) {
        if (polled) return A.Poll.ready(42);
        polled = true;
        cx.waker.wake();
        return A.PENDING;
      },
    } as unknown as A.Future<number>;
  };

  it('is really a second copy', () => {
    expect(B.coroutine).to.not.equal(A.coroutine);
  });

  it('the copies share one Pending', () => {
    expect(B.PENDING).to.equal(A.PENDING);
    expect(B.Poll.isPending(A.PENDING)).to.equal(true);
  });

  it("copy B's coroutine waits on copy A's pending future instead of taking Pending as its value", () => {
    const f = B.coroutine(function* () {
      return yield* B.wait(pendingOnce());
    })();
    const cx = B.Context.noop();
    expect(f.poll(cx)).to.equal(B.PENDING);
    expect(f.poll(cx)).to.deep.equal(B.Poll.ready(42));
  });

  it("copy B's join waits on copy A's pending future", () => {
    const f = B.join(pendingOnce(), B.ready('x'));
    const cx = B.Context.noop();
    expect(f.poll(cx)).to.equal(B.PENDING);
    expect(f.poll(cx)).to.deep.equal(B.Poll.ready([42, 'x']));
  });
});
