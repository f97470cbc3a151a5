// Worker threads are a first-class environment: a worker that uses the addon and ends, or is
// terminated mid-work, never takes the process down. Node unloads a context-aware addon when the
// last environment using it ends, so anything of ours still queued (a libuv close callback, a
// resolver thread) would run unmapped code; and during terminate() every N-API call fails.
// Each storm runs in a child process: a crash there fails the test instead of the runner.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { ADDON, STORM_ROUNDS, expectClean, storm } from './util/storm.js';

describe('worker threads: end or terminate a worker at any point', function () {
  this.timeout(120_000 + STORM_ROUNDS * 4000);

  it('workers that watch a poll, wake it and look names up, then end on their own', () => {
    expectClean(
      storm(
        `const poll = new epoll.Poll();
         const events = new epoll.Events(8);
         const waker = new epoll.Waker(poll.registry(), 1);
         const resolver = new epoll.Resolver();
         poll.registry().register(resolver, 2, epoll.Interest.READABLE);
         for (let i = 0; i < 20; i++) resolver.lookup('localhost');
         let answers = 0;
         await new Promise((resolve) => {
           poll.watch(() => {
             poll.poll(events, 0);
             answers += resolver.drain().length;
             if (answers === 20) resolve();
           });
           waker.wake();
         });
         // Left running on purpose: the watch (unref'd), the waker, more lookups in flight.
         poll.unref();
         for (let i = 0; i < 50; i++) resolver.lookup('localhost');`,
        'exit',
      ),
    );
  });

  it('terminate() during a busy watched poll whose callback runs JavaScript on every turn', () => {
    expectClean(
      storm(
        `const poll = new epoll.Poll();
         const events = new epoll.Events(8);
         const timer = new epoll.TimerFd();
         poll.registry().register(timer, 1, epoll.Interest.READABLE, { mode: 'level' });
         timer.set(0); // readable from now on, never drained: the watch fires every loop turn
         let turns = 0;
         poll.watch(() => { poll.poll(events, 0); turns++; JSON.stringify({ turns }); });`,
        'terminate',
      ),
    );
  });

  it('terminate() with hundreds of lookups queued and one inside getaddrinfo', () => {
    expectClean(
      storm(
        `const resolver = new epoll.Resolver();
         for (let i = 0; i < 500; i++) resolver.lookup(i % 2 ? 'localhost' : '127.0.0.1');`,
        'terminate',
        STORM_ROUNDS,
        0,
      ),
    );
  });

  it('terminate() while the worker blocks in poll() and is woken through a shared waker cell', () => {
    expectClean(
      storm(
        `const poll = new epoll.Poll();
         const events = new epoll.Events(8);
         const waker = new epoll.Waker(poll.registry(), 1);
         // The child's main thread keeps waking this worker through the cell while it is
         // terminated and its waker closed by the cleanup hook.
         globalThis.started = { cell: waker.share() };
         setTimeout(() => { for (;;) poll.poll(events, 5); }, 0);`,
        'terminate',
        STORM_ROUNDS,
        30,
      ),
    );
  });
  it('terminate() while the worker blocks in poll() with no timeout (nothing will ever wake it)', () => {
    expectClean(
      storm(
        `const poll = new epoll.Poll();
         const events = new epoll.Events(8);
         setTimeout(() => poll.poll(events, null), 0);`,
        'terminate',
        STORM_ROUNDS,
        30,
      ),
    );
  });
});

describe('the addon stays mapped once loaded', () => {
  it('is linked with DF_1_NODELETE, so code of ours that is still queued never runs unmapped', () => {
    expect(dynamicFlags1(readFileSync(ADDON)) & DF_1_NODELETE).to.equal(DF_1_NODELETE);
  });
});

const DT_FLAGS_1 = 0x6ffffffbn;
const DF_1_NODELETE = 0x8;

/** DT_FLAGS_1 of a 64-bit little-endian ELF shared object (0 when absent). */
function dynamicFlags1(elf: Buffer): number {
  expect(elf.readUInt32BE(0)).to.equal(0x7f454c46); // \x7fELF
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const phentsize = elf.readUInt16LE(0x36);
  const phnum = elf.readUInt16LE(0x38);
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    if (elf.readUInt32LE(ph) !== 2) continue; // PT_DYNAMIC
    const offset = Number(elf.readBigUInt64LE(ph + 8));
    const size = Number(elf.readBigUInt64LE(ph + 32));
    for (let at = offset; at < offset + size; at += 16) {
      if (elf.readBigUInt64LE(at) === DT_FLAGS_1) return Number(elf.readBigUInt64LE(at + 8));
    }
  }
  return 0;
}
