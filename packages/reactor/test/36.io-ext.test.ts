import { expect } from 'chai';
import { Context, PENDING, Poll, Waker, dispose } from '@ferrite/future';
import { net } from '@ferrite/epoll';
import { IoFuture, Reactor, Waiter, readToEnd, writeAll, type AsyncRead, type AsyncWrite } from '../src/index.js';
import { wrapStream } from '../src/net/tcp-stream.js';
import { fdCount } from './util/index.js';

// readToEnd/writeAll over a stream that is not a TcpStream (what @ferrite/tls builds on): the
// loops, PENDING in the middle, the flush, and the waiter each future owns.
class ScriptedStream implements AsyncRead, AsyncWrite {
  readonly written: number[] = [];
  flushes = 0;
  waiters = new Set<Waiter>();
  constructor(private readonly reads: (Uint8Array | 'pending')[], private readonly writeStep = 3) {}

  pollRead(_cx: Context, buf: Uint8Array, waiter?: Waiter): Poll<number> {
    if (waiter) this.waiters.add(waiter);
    const next = this.reads.shift();
    if (next === undefined) return Poll.ready(0);
    if (next === 'pending') return PENDING;
    buf.set(next);
    return Poll.ready(next.length);
  }

  pollWrite(_cx: Context, buf: Uint8Array): Poll<number> {
    if (this.written.length % 2 === 1 && this.written.length < 4) {
      this.written.push(-1);
      return PENDING;
    }
    const n = Math.min(this.writeStep, buf.length);
    this.written.push(n);
    return Poll.ready(n);
  }

  pollFlush(): Poll<void> {
    this.flushes++;
    return Poll.ready(undefined);
  }
}

const cx = new Context(Waker.noop());

describe('readToEnd / writeAll over any AsyncRead / AsyncWrite', () => {
  it('readToEnd gathers every chunk across PENDING, in order, until a read of 0', () => {
    const stream = new ScriptedStream([Uint8Array.of(1, 2), 'pending', Uint8Array.of(3), 'pending', Uint8Array.of(4, 5, 6)]);
    const f = readToEnd(stream);
    expect(f.poll(cx)).to.equal(PENDING);
    expect(f.poll(cx)).to.equal(PENDING);
    const p = f.poll(cx);
    expect(Poll.isReady(p)).to.equal(true);
    expect([...(p as { value: Uint8Array }).value]).to.deep.equal([1, 2, 3, 4, 5, 6]);
    expect(stream.waiters.size).to.equal(1); // one future, one waiter, reused across polls
  });

  it('writeAll writes everything in pieces across PENDING, then flushes once', () => {
    const stream = new ScriptedStream([]);
    const f = writeAll(stream, new Uint8Array(10));
    let p = f.poll(cx);
    while (p === PENDING) p = f.poll(cx);
    expect(stream.written.filter((n) => n > 0).reduce((a, b) => a + b, 0)).to.equal(10);
    expect(stream.flushes).to.equal(1);
  });

  it('writeAll on a stream without pollFlush is ready once written', () => {
    const stream: AsyncWrite = { pollWrite: (_cx, buf) => Poll.ready(buf.length) };
    expect(Poll.isReady(writeAll(stream, new Uint8Array(4)).poll(cx))).to.equal(true);
  });

  it('an IoFuture leaves its waiter when disposed while pending', () => {
    let seen: Waiter | null = null;
    const f = new IoFuture<number>((_cx, w) => {
      seen = w;
      return PENDING;
    });
    expect(f.poll(cx)).to.equal(PENDING);
    const removed: Waiter[] = [];
    const orig = seen!.remove.bind(seen!);
    seen!.remove = () => {
      removed.push(seen!);
      orig();
    };
    dispose(f);
    expect(removed).to.have.length(1);
  });
  it('an IoFuture is its own waiter node, a pending one is linked and leaves when it completes', () => {
    const before = fdCount();
    {
      using reactor = new Reactor();
      const [a, b] = net.tcpPair();
      using reader = wrapStream(b, reactor.register(b));
      using _a = a;
      let seen: Waiter | null = null;
      const buf = new Uint8Array(8);
      const f = new IoFuture<number>((c, w) => {
        seen = w;
        return reader.pollRead(c, buf, w);
      });
      reactor.enter(() => expect(f.poll(cx)).to.equal(PENDING));
      expect(seen).to.equal(f); // no node allocated per operation
      expect([f.waiting, reactor.isIdle()]).to.deep.equal([true, false]);
      a.write(Uint8Array.of(1, 2));
      reactor.turn(1000);
      expect(reactor.enter(() => f.poll(cx))).to.deep.equal({ value: 2 });
      expect([f.waiting, reactor.isIdle()]).to.deep.equal([false, true]);
    }
    expect(fdCount()).to.equal(before);
  });

  it('readToEnd keeps what short reads brought, not a 16 KiB buffer per read', () => {
    const reads: (Uint8Array | 'pending')[] = Array.from({ length: 20_000 }, () => Uint8Array.of(7));
    reads.push('pending');
    const stream = new ScriptedStream(reads);
    const f = readToEnd(stream);
    const before = process.memoryUsage().arrayBuffers;
    expect(f.poll(cx)).to.equal(PENDING); // 20,000 one-byte reads held, the end not yet seen
    const held = process.memoryUsage().arrayBuffers - before;
    expect(held).to.be.below(16 * 1024 * 1024); // 20,000 × 16 KiB would be 320 MiB
    const p = f.poll(cx);
    expect(p).to.not.equal(PENDING);
    const all = (p as { value: Uint8Array }).value;
    expect(all.length).to.equal(20_000);
    expect(all.every((b) => b === 7)).to.equal(true);
  });
});
