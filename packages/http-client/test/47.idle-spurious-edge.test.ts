// Pool eviction looks behind readiness: a parked connection whose socket reports a writable edge
// with nothing to read (here: its send buffer drains) stays pooled; unsolicited bytes evict it.
import { createServer, type Socket } from 'node:net';
import { expect } from 'chai';
import { Runtime } from '@ferrite/executor';
import { PENDING, Poll, pollFn } from '@ferrite/future';
import { currentReactor, sleep, TcpStream } from '@ferrite/reactor';
import { Connection } from '../src/connection.js';
import { Pool } from '../src/pool.js';

describe('an idle pooled connection and readiness with nothing behind it', () => {
  it('stays pooled on a writable edge; unsolicited bytes evict it', async () => {
    const sockets: Socket[] = [];
    let received = 0;
    const server = createServer((s) => {
      s.pause();
      s.on('data', (d) => (received += d.length));
      s.on('error', () => {});
      sockets.push(s);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const rt = new Runtime();
    try {
      const stream = await rt.run(TcpStream.connect({ host: '127.0.0.1', port }));
      const conn = new Connection(stream, `127.0.0.1:${port}`);
      const chunk = new Uint8Array(64 * 1024);
      const { pool, written } = await rt.run(pollFn((cx) => {
        // Fill the send buffer (the server does not read), so that its draining is an edge later.
        let written = 0;
        for (;;) {
          const p = stream.pollWrite(cx, chunk);
          if (p === PENDING) break;
          written += p.value;
        }
        const pool = new Pool(conn.origin, currentReactor(), 1);
        expect(pool.tryLease()).to.deep.equal({ conn: null });
        pool.release(conn, true, 60_000);
        return Poll.ready({ pool, written });
      }));
      expect(pool.idle).to.equal(1);
      sockets[0]!.resume();
      while (received < written) await new Promise((r) => setTimeout(r, 10));
      await rt.run(sleep(100)); // the reactor turns and sees the writable edge
      expect([pool.idle, conn.closed]).to.deep.equal([1, false]);
      sockets[0]!.write('unasked');
      for (let i = 0; i < 50 && pool.idle === 1; i++) await rt.run(sleep(20));
      expect([pool.idle, conn.closed]).to.deep.equal([0, true]);
      pool.close();
    } finally {
      rt.close();
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    }
  });
});
