/**
 * Chapter 8, a-runtime: `Runtime.blockOn` of a coroutine doing two sequential GETs (600 ms, then
 * 400 ms) to a delay server, printing the responses. blockOn owns this thread, so the server runs
 * in a child process.
 *
 *   node --import tsx examples/ch08-runtime/a-runtime.ts
 */
import { spawnDelayServer } from '@ferrite/delayserver';
import { Runtime } from '@ferrite/executor';
import { coroutine, wait } from '@ferrite/future';
import { httpGet } from './http-get.js';

const server = await spawnDelayServer();
const runtime = new Runtime();
const asyncMain = coroutine(function* () {
  console.log('Program starting');
  const txt1 = yield* wait(httpGet('localhost', server.port, '/600/HelloAsyncAwait'));
  console.log(txt1);
  const txt2 = yield* wait(httpGet('localhost', server.port, '/400/HelloAsyncAwait'));
  console.log(txt2);
});
const t0 = performance.now();
runtime.blockOn(asyncMain());
console.log(`\nELAPSED TIME: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
runtime.close();
await server.close();
