// headersTimeout runs from the first byte of the request written: a server that reads nothing
// (the request stuck in the send buffer) ends with ERR_HTTP_HEADERS_TIMEOUT, not pending forever.
import { expect } from 'chai';
import { createServer, type Socket } from 'node:net';
import { HttpClient } from '../src/index.js';

describe('sending the request', () => {
  it('headersTimeout covers a request the server never reads', async () => {
    const sockets: Socket[] = [];
    const server = createServer((s) => {
      s.pause(); // never reads: the client's writes stall once the buffers are full
      s.on('error', () => {});
      sockets.push(s);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const client = new HttpClient();
    try {
      const t0 = performance.now();
      const get = client.get(`http://127.0.0.1:${port}/`, { headers: { 'x-big': 'a'.repeat(8 * 1024 * 1024) }, headersTimeout: 200 });
      const outcome = await Promise.race([
        get.then(() => 'resolved', (err: unknown) => (err as { code?: string }).code),
        new Promise((resolve) => setTimeout(() => resolve('still pending after 3 s'), 3000).unref()),
      ]);
      expect(outcome).to.equal('ERR_HTTP_HEADERS_TIMEOUT');
      expect(performance.now() - t0).to.be.within(190, 1500);
      expect(client.connections).to.equal(0);
    } finally {
      client.close();
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
