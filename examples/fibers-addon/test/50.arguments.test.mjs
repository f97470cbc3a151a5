// The addon's own argument checks: spawnClients() (index.js) and the native function behind it,
// called directly. Every bad value is a coded error before anything is spawned; NaN, fractions,
// Infinity and huge numbers never reach a C cast (undefined behaviour: NaN used to pass every
// range check, so count NaN spawned nothing and said nothing, port NaN connected to port 0). And
// calls share one channel per runtime rather than leaving one behind each.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { FiberRuntime } from '@ferrite/fibers';
import { spawnClients } from '../index.js';
import { closedAfterEach, closedPort } from './util.mjs';

const native = createRequire(import.meta.url)('../build/Release/fibers_clients.node');
const codeOf = (fn) => {
  try {
    fn();
    return 'no error';
  } catch (err) {
    return err.code ?? String(err);
  }
};
const track = closedAfterEach();
const BAD_NUMBERS = [NaN, Infinity, -Infinity, 1.5, 2 ** 53, 2 ** 64, -2];

describe('spawnClients() checks its arguments', () => {
  const good = { port: 8080, count: 1, request: () => 'x', onDone: () => {} };

  it('wrong types: ERR_INVALID_ARG_TYPE, nothing registered or spawned', () => {
    const rt = track(new FiberRuntime());
    const cases = [
      () => spawnClients(undefined, good),
      () => spawnClients({}, good),
      () => spawnClients(rt),
      () => spawnClients(rt, null),
      () => spawnClients(rt, { ...good, request: 'x' }),
      () => spawnClients(rt, { ...good, onDone: undefined }),
      () => spawnClients(rt, { ...good, host: 127 }),
      ...['port', 'count', 'timeoutMs'].flatMap((k) => ['1', null, 1n, {}].map((v) => () => spawnClients(rt, { ...good, [k]: v }))),
    ];
    for (const [i, fn] of cases.entries()) assert.equal(codeOf(fn), 'ERR_INVALID_ARG_TYPE', `case ${i}`);
    assert.equal(rt.stats().spawned, 0);
  });

  it('wrong values: ERR_INVALID_ARG_VALUE, nothing spawned', () => {
    const rt = track(new FiberRuntime());
    const cases = [
      ...['localhost', '256.0.0.1', '1.2.3', '127.0.0.1\0x', '::1', 'x'.repeat(100)].map((host) => ({ host })),
      ...[...BAD_NUMBERS, 0, 65536].map((port) => ({ port })),
      ...[...BAD_NUMBERS, -1, 1e6 + 1].map((count) => ({ count })),
      ...BAD_NUMBERS.map((timeoutMs) => ({ timeoutMs })),
    ];
    for (const c of cases) assert.equal(codeOf(() => spawnClients(rt, { ...good, ...c })), 'ERR_INVALID_ARG_VALUE', JSON.stringify(c) ?? String(c));
    assert.equal(rt.stats().spawned, 0);
  });

  it('past maxFibers part-way: ERR_TOO_MANY_FIBERS with `spawned`; those clients run and report, and the runtime takes more after', async () => {
    const rt = track(new FiberRuntime({ maxFibers: 3 }));
    const codes = [];
    const port = await closedPort();
    let err;
    try {
      spawnClients(rt, { port, count: 5, request: () => 'x', onDone: (r) => codes.push(r.code) });
    } catch (e) {
      err = e;
    }
    assert.equal(err?.code, 'ERR_TOO_MANY_FIBERS');
    assert.equal(err.spawned, 3);
    rt.run();
    assert.deepEqual(codes, ['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED']);
    spawnClients(rt, { port, count: 2, request: () => 'y', onDone: (r) => codes.push(`again ${r.code}`) });
    rt.run();
    assert.deepEqual(codes.slice(3), ['again ECONNREFUSED', 'again ECONNREFUSED']);
  });

  it('a closed runtime: ERR_CLOSED, even for count 0', () => {
    const rt = new FiberRuntime();
    rt.close();
    for (const count of [0, 1]) assert.equal(codeOf(() => spawnClients(rt, { ...good, count })), 'ERR_CLOSED');
  });

  it('every call on a runtime shares one channel (a channel lives until its runtime closes): 3 calls, 1 channel, each batch its own callbacks', async () => {
    const rt = track(new FiberRuntime());
    let channels = 0;
    const spy = { channel: (fn) => (channels++, rt.channel(fn)), nativeHandle: () => rt.nativeHandle() };
    const port = await closedPort();
    const seen = [];
    for (const name of ['a', 'b', 'c']) spawnClients(spy, { port, count: 2, request: () => name, onDone: (r) => seen.push(`${name}${r.index} ${r.code}`) });
    rt.run();
    assert.equal(channels, 1);
    assert.deepEqual(seen.sort(), ['a0 ECONNREFUSED', 'a1 ECONNREFUSED', 'b0 ECONNREFUSED', 'b1 ECONNREFUSED', 'c0 ECONNREFUSED', 'c1 ECONNREFUSED']);
  });
});

describe('the native spawnClients, called directly', () => {
  // (handle, channel, host, port, count, timeoutMs, batch)
  const args = (rt, over) => Object.assign([rt.nativeHandle(), rt.channel(() => 'x'), '127.0.0.1', 8080, 1, 1000, 0], over);

  it('NaN, Infinity, fractions, out-of-range numbers and bad hosts: ERR_INVALID_ARG_VALUE, nothing spawned', () => {
    const rt = track(new FiberRuntime());
    const cases = [
      ...[...BAD_NUMBERS, 0, 2 ** 32].map((v) => ({ 1: v })),
      ...['localhost', '127.0.0.1\0x', 'x'.repeat(100), '1'.repeat(63)].map((v) => ({ 2: v })),
      ...[...BAD_NUMBERS, 0, 65536].map((v) => ({ 3: v })),
      ...[...BAD_NUMBERS, -1, 1e6 + 1].map((v) => ({ 4: v })),
      ...BAD_NUMBERS.map((v) => ({ 5: v })),
      ...[...BAD_NUMBERS, -1].map((v) => ({ 6: v })),
    ];
    for (const c of cases) assert.equal(codeOf(() => native.spawnClients(...args(rt, c))), 'ERR_INVALID_ARG_VALUE', JSON.stringify(c));
    assert.equal(rt.stats().spawned, 0);
  });

  it('wrong types and too few arguments: ERR_INVALID_ARG_TYPE', () => {
    const rt = track(new FiberRuntime());
    const cases = [[], [rt.nativeHandle()], args(rt, { 0: {} }), args(rt, { 0: rt }), args(rt, { 1: '1' }), args(rt, { 2: 1 }), args(rt, { 4: null }), args(rt, { 6: '0' }), args(rt).slice(0, 6)];
    for (const [i, a] of cases.entries()) assert.equal(codeOf(() => native.spawnClients(...a)), 'ERR_INVALID_ARG_TYPE', `case ${i}`);
    assert.equal(rt.stats().spawned, 0);
  });
});
