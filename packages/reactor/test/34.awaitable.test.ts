import { expect } from 'chai';
import type { SocketAddress } from '@ferrite/epoll';
import { TcpListener, TcpStream, ctrlC, interval, lookup, signal, sleep, timeout } from '../src/index.js';

// This package does not depend on @ferrite/executor, and these tests do not import it: no await
// driver is registered here. (With it, the same awaits run on its default runtime: see its tests.)
describe('every public future is awaitable', () => {
  it('is typed so: await gives the output type (a compile-time check, run by npm test)', () => {
    async function typesOnly(s: TcpStream, l: TcpListener) {
      const slept: void = await sleep(1);
      const n: number = await timeout(s.read(new Uint8Array(1)), 10);
      const written: number = await s.write(new Uint8Array(1));
      const all: void = await s.writeAll(new Uint8Array(1));
      const body: Uint8Array = await s.readToEnd();
      const [conn, from]: [TcpStream, SocketAddress] = await l.accept();
      const connected: TcpStream = await timeout(TcpStream.connect('localhost:1'), 10);
      const address: string = (await lookup('localhost'))[0]!.address;
      const tick: number = await interval(5).tick();
      const deliveries: number = await signal('SIGUSR2').recv();
      const interrupted: void = await ctrlC();
      return [slept, n, written, all, body, conn, from, connected, address, tick, deliveries, interrupted];
    }
    expect(typesOnly).to.be.a('function');
  });

  it('without @ferrite/executor imported, await sleep() rejects with ERR_NO_RUNTIME instead of returning at once', async () => {
    let err: unknown;
    try {
      await sleep(50);
    } catch (e) {
      err = e;
    }
    expect(err).to.have.property('code', 'ERR_NO_RUNTIME');
    expect((err as Error).message).to.include('@ferrite/executor');
  });
});
