// Calls every export of ferrite_fibers.node (loaded the way src does) and every public
// FiberRuntime method with wrong receivers, types, counts and values. Each case must end in the
// expected coded error; a crash ends this process with a signal, which fails the test. Prints a
// JSON summary: { cases, mismatches }.
import { openSync } from 'node:fs';
import { native } from '../../src/binding.js';
import { FiberError, FiberRuntime } from '../../src/index.js';
import { TASKS } from '../../src/tasks.js';
import { benchSwitch, spawnTestTask } from '../../src/testing.js';

const T = Object.fromEntries(Object.entries(TASKS).map(([k, v]) => [k, v.index])) as Record<keyof typeof TASKS, number>;

type Fn = (...a: unknown[]) => unknown;
const NOT_NUMBERS: unknown[] = [undefined, null, true, '5', {}, [], () => 1, Symbol('s'), 10n];
const NOT_STRINGS: unknown[] = [undefined, null, true, 5, {}, [], () => 1, Symbol('s'), 10n];
const BAD_INTEGERS: unknown[] = [NaN, Infinity, -Infinity, -1, 1.5, 2 ** 53, 1e300, Number.MAX_VALUE];
const BAD_DURATIONS: unknown[] = [NaN, -Infinity, -1, -1e300];

let cases = 0;
const mismatches: string[] = [];
function check(name: string, fn: () => unknown, expected: string): void {
  cases++;
  let got: string;
  try {
    fn();
    got = 'no error';
  } catch (err) {
    got = (err as { code?: string }).code ?? `uncoded: ${String(err)}`;
    // One class for every error, whichever layer (TypeScript or the addon) threw it.
    if (!(err instanceof FiberError)) got += ` (a ${(err as Error)?.constructor?.name}, not a FiberError)`;
  }
  if (got !== expected) mismatches.push(`${name}: expected ${expected}, got ${got}`);
}
const show = (v: unknown) => (typeof v === 'symbol' || typeof v === 'bigint' ? String(v) : typeof v === 'function' ? 'fn' : JSON.stringify(v) ?? 'undefined');
const blockingFd = openSync('/dev/null', 'r'); // no O_NONBLOCK

// ---- the native binding ----
const NR = native.NativeRuntime as unknown as Fn & (new (...a: unknown[]) => Record<string, Fn>);
check('NativeRuntime() without new', () => NR(65536, 10), 'ERR_CONSTRUCT_CALL_REQUIRED');
check('new NativeRuntime()', () => new NR(), 'ERR_INVALID_ARG_TYPE');
for (const v of NOT_NUMBERS) check(`new NativeRuntime(${show(v)}, 10)`, () => new NR(v, 10), 'ERR_INVALID_ARG_TYPE');
for (const v of NOT_NUMBERS) check(`new NativeRuntime(65536, ${show(v)})`, () => new NR(65536, v), 'ERR_INVALID_ARG_TYPE');
for (const v of [...BAD_INTEGERS, 0, 100, 2 ** 31]) check(`new NativeRuntime(${show(v)}, 10)`, () => new NR(v, 10), 'ERR_INVALID_ARG_VALUE');
for (const v of [...BAD_INTEGERS, 0]) check(`new NativeRuntime(65536, ${show(v)})`, () => new NR(65536, v), 'ERR_INVALID_ARG_VALUE');

const rt = new NR(65536, 100);
const METHODS = ['spawn', 'run', 'step', 'close', 'stats', 'stackSnapshot', 'nativeHandle', 'channel', 'watch', 'unwatch', 'nextWakeMs'];
for (const m of METHODS) {
  for (const self of [undefined, null, 5, {}, Object.create(NR.prototype as object), new Uint8Array(1)]) {
    check(`NativeRuntime.prototype.${m}.call(${show(self)})`, () => (NR.prototype as Record<string, Fn>)[m]!.call(self, T.noop, 0, -1, []), 'ERR_INVALID_THIS');
  }
}
check('spawn()', () => rt.spawn!(), 'ERR_INVALID_ARG_TYPE');
for (const v of [...NOT_NUMBERS, 'counter', '']) check(`spawn(${show(v)}, ...)`, () => rt.spawn!(v, 0, -1, []), 'ERR_INVALID_ARG_TYPE');
for (const v of [-1, 1.5, NaN, Infinity, 11, 2 ** 40]) check(`spawn(${show(v)}, ...)`, () => rt.spawn!(v, 0, -1, []), 'ERR_UNKNOWN_TASK');
for (const v of NOT_STRINGS.filter((x) => typeof x !== 'function')) check(`channel(${show(v)})`, () => rt.channel!(v), 'ERR_INVALID_ARG_TYPE');
for (const v of NOT_STRINGS.filter((x) => typeof x !== 'function')) check(`watch(${show(v)})`, () => rt.watch!(v), 'ERR_INVALID_ARG_TYPE');
for (const v of NOT_NUMBERS) check(`spawn counter n=${show(v)}`, () => rt.spawn!(T.counter, v, -1, []), 'ERR_INVALID_ARG_TYPE');
for (const v of BAD_INTEGERS) check(`spawn counter n=${show(v)}`, () => rt.spawn!(T.counter, v, -1, []), 'ERR_INVALID_ARG_VALUE');
for (const v of BAD_DURATIONS) check(`spawn sleeper n=${show(v)}`, () => rt.spawn!(T.sleeper, v, -1, []), 'ERR_INVALID_ARG_VALUE');
check('spawn sleeper n=Infinity', () => new NR(65536, 1).spawn!(T.sleeper, Infinity, -1, []), 'no error');
check('spawn recurse n=1e6 (deeper than the stack)', () => rt.spawn!(T.recurse, 1e6, -1, []), 'ERR_INVALID_ARG_VALUE');
for (const v of NOT_NUMBERS) check(`spawn fdReader fd=${show(v)}`, () => rt.spawn!(T.fdReader, 0, v, []), 'ERR_INVALID_ARG_TYPE');
for (const v of [...BAD_INTEGERS, 2 ** 31]) check(`spawn fdReader fd=${show(v)}`, () => rt.spawn!(T.fdReader, 0, v, []), 'ERR_INVALID_ARG_VALUE');
check('spawn fdReader on a blocking fd', () => rt.spawn!(T.fdReader, 0, blockingFd, []), 'ERR_INVALID_ARG_VALUE');
for (const v of [undefined, null, 5, 'f', {}, () => 1]) check(`spawn callbacks=${show(v)}`, () => rt.spawn!(T.noop, 0, -1, v), 'ERR_INVALID_ARG_TYPE');
for (const v of [5, null, {}, 'f']) check(`spawn callbacks=[${show(v)}]`, () => rt.spawn!(T.noop, 0, -1, [v]), 'ERR_INVALID_ARG_TYPE');
check('spawn beyond maxFibers: a code, not -EAGAIN', () => {
  const one = new NR(65536, 1);
  one.spawn!(T.noop, 0, -1, []);
  try {
    return one.spawn!(T.noop, 0, -1, []);
  } finally {
    one.close!();
  }
}, 'ERR_TOO_MANY_FIBERS');
check('spawn 9 callbacks', () => rt.spawn!(T.noop, 0, -1, Array(9).fill(() => 1)), 'ERR_INVALID_ARG_VALUE');
check('spawn callbacks of length 2^32-1', () => rt.spawn!(T.noop, 0, -1, Object.assign([], { length: 2 ** 32 - 1 })), 'ERR_INVALID_ARG_VALUE');
for (const v of NOT_NUMBERS) check(`stackSnapshot(${show(v)}, 8)`, () => rt.stackSnapshot!(v, 8), 'ERR_INVALID_ARG_TYPE');
for (const v of [...BAD_INTEGERS, 0]) check(`stackSnapshot(${show(v)}, 8)`, () => rt.stackSnapshot!(v, 8), 'ERR_INVALID_ARG_VALUE');
for (const v of NOT_NUMBERS) check(`stackSnapshot(1, ${show(v)})`, () => rt.stackSnapshot!(1, v), 'ERR_INVALID_ARG_TYPE');
for (const v of BAD_INTEGERS) check(`stackSnapshot(1, ${show(v)})`, () => rt.stackSnapshot!(1, v), 'ERR_INVALID_ARG_VALUE');
check('stackSnapshot of an id never spawned is null', () => {
  if (rt.stackSnapshot!(123456, 8) !== null) throw new Error('not null');
}, 'no error');
for (const m of ['run', 'step', 'stats', 'nativeHandle']) check(`${m}() with stray arguments`, () => rt[m]!(1, 'x', {}), 'no error');
// close() from inside a callback while run() is active: refused, nothing freed under the fiber.
{
  const r2 = new NR(65536, 10);
  const inner: unknown[] = [];
  let steps = 0;
  r2.spawn!(T.counter, 3, -1, [() => {
    steps++;
    try {
      r2.close!();
      inner.push('closed');
    } catch (err) {
      inner.push(err instanceof FiberError ? err.code : `not a FiberError: ${String(err)}`);
    }
  }]);
  check('native close() from a callback', () => r2.run!(), 'no error');
  check('native close() from a callback: refused each time, the run completes', () => {
    if (steps !== 3 || inner.join() !== 'ERR_FIBERS_REENTRANT,ERR_FIBERS_REENTRANT,ERR_FIBERS_REENTRANT') throw new Error(`${steps} ${inner.join()}`);
  }, 'no error');
  r2.close!();
}
rt.close!();
check('close() again', () => rt.close!(), 'no error');
for (const m of ['run', 'step', 'stats', 'nativeHandle', 'nextWakeMs']) check(`${m}() after close`, () => rt[m]!(), 'ERR_CLOSED');
check('channel() after close', () => rt.channel!(() => 1), 'ERR_CLOSED');
check('watch() after close', () => rt.watch!(() => 1), 'ERR_CLOSED');
check('unwatch() after close', () => rt.unwatch!(), 'no error');
check('spawn() after close', () => rt.spawn!(T.noop, 0, -1, []), 'ERR_CLOSED');
check('stackSnapshot() after close', () => rt.stackSnapshot!(1, 8), 'ERR_CLOSED');
const bench = native.benchSwitch as unknown as Fn;
check('benchSwitch()', () => bench(), 'ERR_INVALID_ARG_TYPE');
for (const v of NOT_NUMBERS) check(`benchSwitch(${show(v)}, 10)`, () => bench(v, 10), 'ERR_INVALID_ARG_TYPE');
for (const v of [...BAD_INTEGERS, 3]) check(`benchSwitch(${show(v)}, 10)`, () => bench(v, 10), 'ERR_INVALID_ARG_VALUE');
for (const v of NOT_NUMBERS) check(`benchSwitch(2, ${show(v)})`, () => bench(2, v), 'ERR_INVALID_ARG_TYPE');
for (const v of [...BAD_INTEGERS, 0, 1e10]) check(`benchSwitch(2, ${show(v)})`, () => bench(2, v), 'ERR_INVALID_ARG_VALUE');
check('benchSwitch(2, 10)', () => bench(2, 10), 'no error');

// ---- the public FiberRuntime ----
const FR = FiberRuntime as unknown as new (...a: unknown[]) => Record<string | symbol, Fn>;
for (const v of [null, 5, 'x', true]) check(`new FiberRuntime(${show(v)})`, () => new FR(v), 'ERR_INVALID_ARG_TYPE');
for (const v of [...NOT_NUMBERS.filter((x) => x !== undefined), ...BAD_INTEGERS, 0, 100, 2 ** 31]) {
  check(`new FiberRuntime({ stackSize: ${show(v)} })`, () => new FR({ stackSize: v }), 'ERR_INVALID_ARG_VALUE');
}
for (const v of [...NOT_NUMBERS.filter((x) => x !== undefined), ...BAD_INTEGERS, 0]) {
  check(`new FiberRuntime({ maxFibers: ${show(v)} })`, () => new FR({ maxFibers: v }), 'ERR_INVALID_ARG_VALUE');
}
const fr = new FR({ stackSize: 64 * 1024 });
for (const m of ['spawn', 'run', 'step', 'stats', 'stackSnapshot', 'nativeHandle', 'channel', 'runInLoop', 'close', Symbol.dispose]) {
  for (const self of [undefined, null, 5, {}, Object.create(FiberRuntime.prototype)]) {
    check(`FiberRuntime.prototype[${String(m)}].call(${show(self)})`, () => (FiberRuntime.prototype as unknown as Record<string | symbol, Fn>)[m]!.call(self, 'noop', {}), 'ERR_INVALID_THIS');
  }
}
for (const v of NOT_STRINGS) check(`spawn(${show(v)}, {})`, () => fr.spawn!(v, {}), 'ERR_INVALID_ARG_TYPE');
for (const v of ['nope', 'toString', '__proto__', 'constructor']) check(`spawn(${show(v)}, {})`, () => fr.spawn!(v, {}), 'ERR_UNKNOWN_TASK');
for (const v of [5, 'x', true, 10n]) check(`spawn('showStack', ${show(v)})`, () => fr.spawn!('showStack', v), 'ERR_INVALID_ARG_TYPE');
for (const v of ['registers', 'clobber', 'recurse', 'overflow', 'noop', 'yielder']) check(`spawn(${show(v)}, {}): test-only, in @ferrite/fibers/testing`, () => fr.spawn!(v, {}), 'ERR_UNKNOWN_TASK');
for (const v of [...NOT_NUMBERS, ...BAD_INTEGERS]) check(`spawn counter { n: ${show(v)} }`, () => fr.spawn!('counter', { n: v }), 'ERR_INVALID_ARG_VALUE');
for (const v of [...NOT_NUMBERS, ...BAD_INTEGERS]) check(`spawn pingpong { rounds: ${show(v)} }`, () => fr.spawn!('pingpong', { rounds: v }), 'ERR_INVALID_ARG_VALUE');
for (const v of [...NOT_NUMBERS, ...BAD_DURATIONS]) check(`spawn sleeper { ms: ${show(v)} }`, () => fr.spawn!('sleeper', { ms: v }), 'ERR_INVALID_ARG_VALUE');
for (const v of [...NOT_NUMBERS, ...BAD_INTEGERS, 2 ** 31]) check(`spawn fdReader { fd: ${show(v)} }`, () => fr.spawn!('fdReader', { fd: v }), 'ERR_INVALID_ARG_VALUE');
check('spawn fdReader on a blocking fd', () => fr.spawn!('fdReader', { fd: blockingFd }), 'ERR_INVALID_ARG_VALUE');
for (const v of [...BAD_INTEGERS, 64 * 1024]) check(`spawn recurse { depth: ${show(v)} }`, () => spawnTestTask(fr as never, 'recurse', { depth: v as number }), 'ERR_INVALID_ARG_VALUE');
for (const v of [5, null, 'f', {}]) check(`spawn counter { onStep: ${show(v)} }`, () => fr.spawn!('counter', { n: 1, onStep: v }), 'ERR_INVALID_ARG_VALUE');
for (const v of NOT_NUMBERS) check(`stackSnapshot(${show(v)})`, () => fr.stackSnapshot!(v), 'ERR_INVALID_ARG_TYPE');
for (const v of [...BAD_INTEGERS, 0]) check(`stackSnapshot(${show(v)})`, () => fr.stackSnapshot!(v), 'ERR_INVALID_ARG_VALUE');
for (const v of NOT_NUMBERS.filter((x) => x !== undefined)) check(`stackSnapshot(1, ${show(v)})`, () => fr.stackSnapshot!(1, v), 'ERR_INVALID_ARG_TYPE');
for (const v of BAD_INTEGERS) check(`stackSnapshot(1, ${show(v)})`, () => fr.stackSnapshot!(1, v), 'ERR_INVALID_ARG_VALUE');
{
  const inner: unknown[] = [];
  fr.spawn!('counter', { n: 1, onStep: () => {
    for (const m of ['run', 'step', 'close']) {
      try {
        fr[m]!();
        inner.push('no error');
      } catch (err) {
        inner.push(err instanceof FiberError ? err.code : `not a FiberError: ${String(err)}`);
      }
    }
  } });
  check('run/step/close from a callback', () => {
    fr.run!();
    if (inner.join() !== 'ERR_FIBERS_REENTRANT,ERR_FIBERS_REENTRANT,ERR_FIBERS_REENTRANT') throw new Error(inner.join());
  }, 'no error');
}
for (const v of NOT_STRINGS.filter((x) => typeof x !== 'function')) check(`channel(${show(v)})`, () => fr.channel!(v), 'ERR_INVALID_ARG_TYPE');
fr.close!();
for (const m of ['run', 'step', 'stats', 'nativeHandle', 'stackSnapshot', 'runInLoop']) check(`${m}() after close`, () => fr[m]!(1), 'ERR_CLOSED');
check('channel() after close', () => fr.channel!(() => 1), 'ERR_CLOSED');
check('spawn() after close', () => fr.spawn!('counter', { n: 1 }), 'ERR_CLOSED');
const bs = benchSwitch as unknown as Fn;
for (const v of NOT_STRINGS) check(`benchSwitch(${show(v)}, 10)`, () => bs(v, 10), 'ERR_INVALID_ARG_TYPE');
for (const v of ['nope', 'toString', '__proto__', 'constructor']) check(`benchSwitch(${show(v)}, 10)`, () => bs(v, 10), 'ERR_INVALID_ARG_VALUE');
for (const v of NOT_NUMBERS) check(`benchSwitch('ferrite', ${show(v)})`, () => bs('ferrite', v), 'ERR_INVALID_ARG_TYPE');
for (const v of [...BAD_INTEGERS, 0, 1e10]) check(`benchSwitch('ferrite', ${show(v)})`, () => bs('ferrite', v), 'ERR_INVALID_ARG_VALUE');

console.log(JSON.stringify({ cases, mismatches }));
