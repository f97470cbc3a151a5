import { expect } from 'chai';
import { coroutine, wait } from '@ferrite/future';
import { TlsStream } from '../src/index.js';
import { get, httpsSuite, ioFdCount, settled, socketCount, tlsGet } from './util/index.js';

describe('1,000 sequential connections (await mode)', function () {
  this.timeout(300_000);
  const suite = httpsSuite();
  const { c, rt } = suite;

  it('each a full GET (half of them resumed), then closed: no fd growth', async () => {
    const addr = `localhost:${suite.server.port}`;
    const sockets = socketCount();
    await rt.run(tlsGet(addr, '/hello', { ca: c.ca })); // the runtime's own fds exist from now on
    await settled(socketCount, sockets); // and the server has closed its side
    const fds = ioFdCount();
    let session: Uint8Array | null = null;
    let resumed = 0;
    await rt.run(coroutine(function* () {
      for (let i = 0; i < 1000; i++) {
        const r = yield* wait(tlsGet(addr, '/hello', { ca: c.ca, session: i % 2 === 1 ? session : null }));
        if (!r.text.endsWith('hello')) throw new Error(`request ${i}: ${r.text}`);
        if (r.reused) resumed++;
        session = r.session;
      }
    })());
    expect(resumed).to.equal(500);
    expect(await settled(socketCount, sockets)).to.equal(sockets);
    expect(await settled(ioFdCount, fds)).to.equal(fds);
  });

  it('1,000 requests on one keep-alive connection: nothing grows', async () => {
    const fds = ioFdCount();
    const done = await rt.run(coroutine(function* () {
      const s = yield* wait(TlsStream.connect(`localhost:${suite.server.port}`, { ca: c.ca }));
      const buf = new Uint8Array(4096);
      const req = get('/hello', 'localhost', false);
      try {
        for (let i = 0; i < 1000; i++) {
          yield* wait(s.writeAll(req));
          let seen = '';
          while (!seen.endsWith('hello')) {
            const n = yield* wait(s.read(buf));
            if (n === 0) throw new Error('closed early');
            seen += Buffer.from(buf.subarray(0, n)).toString();
          }
        }
        return true;
      } finally {
        s.close();
      }
    })());
    expect(done).to.equal(true);
    expect(await settled(ioFdCount, fds)).to.equal(fds);
  });
});
