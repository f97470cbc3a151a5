// A peer that answers before it reads what we send (an HTTP server refusing an upload): while
// our ciphertext waits for a socket that takes none, a read still gets the peer's data, rather
// than waiting for the write to drain, which it never would.
import { expect } from 'chai';
import { createServer, type TLSSocket } from 'node:tls';
import { Runtime } from '@ferrite/executor';
import { coroutine, map, race, wait } from '@ferrite/future';
import { TlsStream } from '../src/index.js';
import { certs } from './util/index.js';

describe('reading while writes are blocked', () => {
  const c = certs();

  it('a read returns what the peer sent while a large write is stuck on a full socket', async () => {
    const sockets: TLSSocket[] = [];
    const server = createServer({ key: c.localhost.key, cert: c.localhost.cert }, (s) => {
      sockets.push(s);
      s.on('error', () => {});
      s.pause(); // reads nothing
      // Answers once the client's write has long filled the socket buffers (a few MiB, written in
      // a few ms): the read then has to get past ciphertext the socket will never take.
      setTimeout(() => s.write('answered early'), 300);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    using rt = new Runtime();
    try {
      const port = (server.address() as { port: number }).port;
      const got = await rt.run(coroutine(function* () {
        const tls = yield* wait(TlsStream.connect(`localhost:${port}`, { ca: c.ca }));
        try {
          const buf = new Uint8Array(1024);
          // The write cannot finish (nobody reads 64 MiB); the read must win the race.
          const n = yield* wait(race(tls.read(buf), map(tls.writeAll(new Uint8Array(64 * 1024 * 1024)), () => -1)));
          return Buffer.from(buf.subarray(0, n)).toString();
        } finally {
          tls.close();
        }
      })());
      expect(got).to.equal('answered early');
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    }
  });
});
