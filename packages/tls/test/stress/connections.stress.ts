// Many connections against node:https in a child process: 2,000 one after another, then 200 at
// once, three times. Sockets return to their count before; RSS, measured after a full GC, stops growing
// once warm (a leaked SSL, context or session would add tens of KiB per connection). Prints the
// figures: `npm run test:stress` in packages/tls.
import { expect } from 'chai';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Runtime } from '@ferrite/executor';
import { coroutine, joinAll, wait } from '@ferrite/future';
import { childServer, type ChildServer } from '../util/child.js';
import { certs, settled, socketCount, tlsGet } from '../util/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const rssAfterGc = () => {
  gc();
  gc();
  return process.memoryUsage().rss;
};
const kib = (bytes: number) => Math.round(bytes / 1024);

describe('stress: many TLS connections (server in a child process)', function () {
  this.timeout(600_000);
  const c = certs();
  const rt = new Runtime();
  let server: ChildServer;
  before(async () => {
    server = await childServer({ kind: 'https', key: c.localhost.key, cert: c.localhost.cert });
  });
  after(async () => {
    await server.stop();
    rt.close();
  });

  const sequential = (n: number, addr: string) => rt.run(coroutine(function* () {
    let session: Uint8Array | null = null;
    for (let i = 0; i < n; i++) {
      const r: { text: string; session: Uint8Array | null } = yield* wait(tlsGet(addr, '/hello', { ca: c.ca, session: i % 2 === 1 ? session : null }));
      if (!r.text.endsWith('hello')) throw new Error(`request ${i}: ${r.text}`);
      session = r.session;
    }
  })());
  const concurrent = (n: number, addr: string) =>
    rt.run(joinAll(Array.from({ length: n }, () => rt.spawn(tlsGet(addr, '/hello', { ca: c.ca })))));

  it('2,000 sequential: no socket left, RSS flat once warm', async () => {
    const addr = `localhost:${server.port}`;
    const sockets = socketCount();
    await sequential(200, addr); // warm: JIT, the context cache, OpenSSL's per-thread state
    const warm = rssAfterGc();
    await sequential(1000, addr);
    const mid = rssAfterGc();
    await sequential(1000, addr);
    const end = rssAfterGc();
    console.log(`      RSS after GC: warm ${kib(warm)} KiB, +1,000 conns ${kib(mid)} KiB, +2,000 conns ${kib(end)} KiB ` +
      `(${((end - warm) / 2000).toFixed(0)} B per connection overall, ${((end - mid) / 1000).toFixed(0)} B over the last 1,000)`);
    expect(await settled(socketCount, sockets)).to.equal(sockets);
    // A leak of one SSL per connection (~30 KiB with its buffers) would be ~30 MiB per 1,000.
    expect(end - mid).to.be.below(8 << 20);
  });

  it('200 concurrent, three times: every socket closed, RSS back near its level', async () => {
    const addr = `localhost:${server.port}`;
    const sockets = socketCount();
    await concurrent(200, addr);
    const first = rssAfterGc();
    await concurrent(200, addr);
    await concurrent(200, addr);
    const third = rssAfterGc();
    console.log(`      RSS after GC: after 200 concurrent ${kib(first)} KiB, after 400 more ${kib(third)} KiB`);
    expect(await settled(socketCount, sockets)).to.equal(sockets);
    // 400 leaked SSLs would be ~12 MiB.
    expect(third - first).to.be.below(6 << 20);
  });
});
