/**
 * Chapters 7 and 8 on the real client: five `Http.get`s one after another from a coroutine
 * (delays 0..4 units: about 10 units) versus the same five joined with `joinAll` (about 4 units),
 * printing each response and the elapsed time.
 *
 *   node --import tsx examples/ch08-runtime/c-http-client.ts [--unit 1000]
 */
import { parseArgs } from 'node:util';
import { spawnDelayServer } from '@ferrite/delayserver';
import { Runtime } from '@ferrite/executor';
import { coroutine, joinAll, wait } from '@ferrite/future';
import { Http } from '@ferrite/http-client';

const { values } = parseArgs({ options: { unit: { type: 'string', default: '1000' } } });
const unit = Number(values.unit);
const server = await spawnDelayServer();
const url = (i: number) => `${server.url}/${i * unit}/HelloAsyncAwait${i}`;
const runtime = new Runtime();

const sequential = coroutine(function* () {
  for (let i = 0; i < 5; i++) {
    const res = yield* wait(Http.get(url(i)));
    console.log(`${res.status} ${res.text()}`);
  }
});

const concurrent = coroutine(function* () {
  const responses = yield* wait(joinAll([0, 1, 2, 3, 4].map((i) => Http.get(url(i)))));
  for (const res of responses) console.log(`${res.status} ${res.text()}`);
});

for (const [name, program] of [['sequential', sequential], ['joinAll', concurrent]] as const) {
  console.log(`== ${name} ==`);
  const t0 = performance.now();
  runtime.blockOn(program());
  console.log(`ELAPSED (${name}): ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
}
runtime.close();
await server.close();
