// A client works from any runtime: its pooled connections are kept per runtime (per reactor), so
// a request never waits on a socket that another runtime's reactor watches. Written the way a
// user writes it: the README's two examples combined, runtime1 then runtime2, run/blockOn/run.
import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import { spawnDelayServer, type ChildDelayServer } from '@ferrite/delayserver';
import { Runtime } from '@ferrite/executor';
import { PENDING, Poll, coroutine, pollFn, wait, type Context } from '@ferrite/future';
import { HttpClient } from '../src/index.js';
import { fdCount } from './util/scripted.js';

const SRC = new URL('../src/index.ts', import.meta.url).href;

let server: ChildDelayServer;
before(async () => {
  server = await spawnDelayServer();
});
after(() => server.close());

// Short enough that a stall fails the test quickly (as ERR_HTTP_HEADERS_TIMEOUT), long enough
// for any real answer from the delay server.
const opts = { headersTimeout: 1500 };

/** The README's coroutine example, on a runtime of its own. */
function blockOnGet(rt: Runtime, client: HttpClient, url: string): string {
  return rt.blockOn(coroutine(function* () {
    const res = yield* wait(client.get(url, opts));
    return res.text();
  })());
}

describe('a client works from any runtime', () => {
  it('the README\'s two examples combined: `await client.get()`, then the same client under `new Runtime().blockOn()`', async () => {
    const client = new HttpClient();
    try {
      expect((await client.get(`${server.url}/0/first`, opts)).text()).to.equal('first');
      using rt = new Runtime();
      const t0 = performance.now();
      expect(blockOnGet(rt, client, `${server.url}/0/second`)).to.equal('second');
      expect(performance.now() - t0).to.be.below(1000); // no stall until a timeout
    } finally {
      client.close();
    }
  });

  it('runtime1, closed, then runtime2: the second request gets a connection of its own', () => {
    using client = new HttpClient();
    const rt1 = new Runtime();
    expect(blockOnGet(rt1, client, `${server.url}/0/one`)).to.equal('one');
    expect(client.connections).to.equal(1);
    rt1.close();
    using rt2 = new Runtime();
    expect(blockOnGet(rt2, client, `${server.url}/0/two`)).to.equal('two');
    expect(client.connections).to.equal(1); // runtime1's connection went with runtime1
  });

  it('run() → blockOn → run(): each runtime reuses its own keep-alive connection', async () => {
    using rt = new Runtime();
    using client = new HttpClient({ runtime: rt });
    const get = coroutine(function* (path: string) {
      return (yield* wait(client.get(`${server.url}${path}`, opts))).text();
    });
    expect(await rt.run(get('/0/a'))).to.equal('a');
    expect(rt.blockOn(get('/0/b'))).to.equal('b');
    expect(await rt.run(get('/0/c'))).to.equal('c');
    expect(client.connections).to.equal(1); // one runtime, one reactor: one connection all along

    using other = new Runtime();
    expect(blockOnGet(other, client, `${server.url}/0/d`)).to.equal('d');
    expect(await client.get(`${server.url}/0/e`, opts).then((r) => r.text())).to.equal('e');
    expect(client.connections).to.equal(2); // one per runtime
  });

  it('a closed runtime\'s connections are closed with it (at the client\'s next use); fds back to baseline after close()', async () => {
    const warm = new HttpClient();
    await warm.get(`${server.url}/0/warm`); // whatever the thread sets up once for awaiting
    warm.close();
    const before = fdCount();
    const client = new HttpClient();
    await client.get(`${server.url}/0/node`, opts);
    for (let i = 0; i < 3; i++) {
      const rt = new Runtime();
      expect(blockOnGet(rt, client, `${server.url}/0/rt${i}`)).to.equal(`rt${i}`);
      rt.close();
      expect(client.connections).to.equal(1); // the closed runtime's connection is gone
    }
    client.close();
    expect(client.connections).to.equal(0);
    expect(fdCount()).to.be.at.most(before);
  });

  it('one request moved to another runtime half-way fails at once with ERR_FOREIGN_REACTOR', () => {
    using client = new HttpClient();
    using rt1 = new Runtime();
    using rt2 = new Runtime();
    const request = client.get(`${server.url}/300/moved`, opts);
    // Poll it once under rt1 (it connects there), then leave it.
    rt1.blockOn(pollFn((cx: Context) => {
      expect(request.poll(cx)).to.equal(PENDING);
      return Poll.ready(undefined);
    }));
    const t0 = performance.now();
    expect(() => rt2.blockOn(request)).to.throw().with.property('code', 'ERR_FOREIGN_REACTOR');
    expect(performance.now() - t0).to.be.below(200);
    expect(client.connections).to.equal(0); // its connection is closed
  });

  // Why pools are per runtime rather than one pool whose sockets move between reactors: a blockOn
  // owns the thread, so a connection held by a request of another runtime cannot come back while
  // it runs. With one shared pool of maxConnections 1 this waited forever (a child process, so
  // that a hang fails the test instead of the runner).
  it('blockOn never waits for a connection another runtime holds (it could not run to give it back)', () => {
    const code = `
      const { HttpClient } = await import(${JSON.stringify(SRC)});
      const { Runtime } = await import('@ferrite/executor');
      const { coroutine, wait } = await import('@ferrite/future');
      const url = process.env.DELAY_URL;
      const client = new HttpClient({ maxConnections: 1 });
      const slow = client.get(url + '/300/slow').then((r) => r.text()); // in flight on the default runtime
      await new Promise((r) => setTimeout(r, 50));
      const rt = new Runtime();
      const fast = rt.blockOn(coroutine(function* () { return (yield* wait(client.get(url + '/0/fast'))).text(); })());
      console.log(fast, await slow, client.connections);
      client.close();
      rt.close();`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: new URL('..', import.meta.url).pathname,
      encoding: 'utf8',
      timeout: 8000,
      env: { ...process.env, DELAY_URL: server.url, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    expect(r.signal, 'the child hung').to.equal(null);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout.trim()).to.equal('fast slow 2');
  });
});
