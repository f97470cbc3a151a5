/**
 * Chapter 8, b-reactor-executor: spawn five coroutines requesting delays 0..4 units concurrently
 * and join them. The total is about the longest delay (4 units), not the sum (10).
 *
 *   node --import tsx examples/ch08-runtime/b-reactor-executor.ts [--unit 1000]
 */
import { parseArgs } from 'node:util';
import { spawnDelayServer } from '@ferrite/delayserver';
import { Runtime, spawn } from '@ferrite/executor';
import { coroutine, joinAll, wait } from '@ferrite/future';
import { httpGet } from './http-get.js';

const { values } = parseArgs({ options: { unit: { type: 'string', default: '1000' } } });
const unit = Number(values.unit);
const server = await spawnDelayServer();
const runtime = new Runtime();

const request = coroutine(function* (i: number) {
  const path = `/${i * unit}/HelloAsyncAwait${i}`;
  const txt = yield* wait(httpGet('localhost', server.port, path));
  console.log(txt.slice(txt.indexOf('\r\n\r\n') + 4));
});

const t0 = performance.now();
runtime.blockOn(coroutine(function* () {
  const handles = [0, 1, 2, 3, 4].map((i) => spawn(request(i)));
  yield* wait(joinAll(handles));
})());
console.log(`\nELAPSED TIME: ${((performance.now() - t0) / 1000).toFixed(2)} s (one after another: ${(10 * unit) / 1000} s)`);
runtime.close();
await server.close();
