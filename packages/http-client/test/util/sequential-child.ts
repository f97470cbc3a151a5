// Run in a fresh process by 46.idle-readiness.test.ts: `N` sequential GETs of `url` on one
// HttpClient, awaited from Node ('run') or in a coroutine under blockOn ('block').
import { Runtime } from '@ferrite/executor';
import { coroutine, wait } from '@ferrite/future';
import { HttpClient } from '../../src/index.js';

const [url, n, mode] = process.argv.slice(2) as [string, string, 'run' | 'block'];
const client = new HttpClient();
if (mode === 'block') {
  using rt = new Runtime();
  rt.blockOn(coroutine(function* () {
    for (let i = 0; i < Number(n); i++) yield* wait(client.get(`${url}/${i}`));
  })());
} else {
  for (let i = 0; i < Number(n); i++) await client.get(`${url}/${i}`);
}
client.close();
