/**
 * The chapter 7 programs, each returning the lines it printed so they can be compared:
 * the hand-written state machine, the same program as a `coroutine`, and `joinAll` over five
 * coroutines. Time is simulated (ManualClock), so the programs are exact and instant.
 */
import { Context, Poll, Waker, coroutine, joinAll, wait, type Future } from '@ferrite/future';
import { ManualClock, TestExecutor } from '@ferrite/future/testing';
import { fakeGet } from './fake-http.js';
import { Coroutine } from './state-machine.js';

/** The book's main loop: poll; while pending, "schedule other tasks" and sleep 100 ms. */
function runLoop(future: Future<void>, clock: ManualClock, log: (line: string) => void): void {
  const cx = new Context(Waker.noop());
  for (;;) {
    if (Poll.isReady(future.poll(cx))) break;
    log('Schedule other tasks');
    clock.advance(100);
  }
}

export function handWritten(log: (line: string) => void): void {
  const clock = new ManualClock();
  runLoop(new Coroutine(clock, log), clock, log);
}

export function withCoroutine(log: (line: string) => void): void {
  const clock = new ManualClock();
  const asyncMain = coroutine(function* () {
    log('Program starting');
    const txt1 = yield* wait(fakeGet(clock, '/600/HelloWorld1'));
    log(txt1);
    const txt2 = yield* wait(fakeGet(clock, '/400/HelloWorld2'));
    log(txt2);
  });
  runLoop(asyncMain(), clock, log);
}

/** Five coroutines with delays 0..4 s joined: total simulated time is the max (4 s), not the sum. */
export function concurrent(log: (line: string) => void): { elapsedMs: number; sequentialMs: number } {
  const clock = new ManualClock();
  const request = coroutine(function* (i: number) {
    const txt = yield* wait(fakeGet(clock, `/${i * 1000}/HelloWorld${i}`));
    log(`${txt} at ${clock.now} ms`);
    return txt;
  });
  const delays = [0, 1, 2, 3, 4];
  new TestExecutor().block(joinAll(delays.map((i) => request(i))), clock);
  return { elapsedMs: clock.now, sequentialMs: delays.reduce((a, i) => a + i * 1000, 0) };
}
