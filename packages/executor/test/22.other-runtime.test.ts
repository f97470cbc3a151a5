import { expect } from 'chai';
import { coroutine, join, map, wait } from '@ferrite/future';
import { TcpListener, TcpStream, sleep, timeout, type Reactor } from '@ferrite/reactor';
import { Runtime } from '../src/index.js';
import { bytes } from './util/modes.js';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** Reads what `from` will write after a short sleep: the read must wait for readiness. */
const echoLater = (to: TcpStream, from: TcpStream, msg: string) => map(join(
  coroutine(function* () {
    const buf = new Uint8Array(64);
    return text(buf.subarray(0, yield* wait(timeout(to.read(buf), 2000))));
  })(),
  coroutine(function* () {
    yield* wait(sleep(10));
    yield* wait(from.writeAll(bytes(msg)));
  })(),
), ([got]) => got);

describe('a stream made under one runtime, used under another', () => {
  it('made in runtime1 (blockOn), used in runtime2 (blockOn) after runtime1 closed', () => {
    using listener = TcpListener.bind('127.0.0.1:0');
    const rt1 = new Runtime();
    const [client, server] = rt1.blockOn(join(
      TcpStream.connect(`127.0.0.1:${listener.localAddr().port}`),
      map(listener.accept(), ([s]) => s),
    ));
    rt1.close();
    using rt2 = new Runtime();
    using _c = client;
    using _s = server;
    expect(rt2.blockOn(echoLater(server, client, 'after close'))).to.equal('after close');
  });

  it('made in runtime1.run(), used in runtime2.blockOn() while runtime1 lives: no stall, old registration dropped', async () => {
    using listener = TcpListener.bind('127.0.0.1:0');
    using rt1 = new Runtime();
    const [client, server] = await rt1.run(join(
      TcpStream.connect(`127.0.0.1:${listener.localAddr().port}`),
      map(listener.accept(), ([s]) => s),
    ));
    using _c = client;
    using _s = server;
    const reactor1 = rt1.driver as unknown as Reactor;
    expect(reactor1.registrations).to.equal(3);
    using rt2 = new Runtime();
    expect(rt2.blockOn(echoLater(server, client, 'moved'))).to.equal('moved');
    expect(reactor1.registrations, 'only the listener is left in runtime1').to.equal(1);
    // ...and back: the same streams in runtime1 again.
    expect(await rt1.run(echoLater(client, server, 'and back'))).to.equal('and back');
  });

  it('connected by await (the default runtime), then used in a blockOn', async () => {
    using listener = TcpListener.bind('127.0.0.1:0');
    using client = await TcpStream.connect(`127.0.0.1:${listener.localAddr().port}`);
    using server = (await listener.accept())[0];
    using rt = new Runtime();
    expect(rt.blockOn(echoLater(server, client, 'from await to blockOn'))).to.equal('from await to blockOn');
  });

  it('used by runtime2 while a task of runtime1 waits on it: ERR_FOREIGN_REACTOR at once', async () => {
    using listener = TcpListener.bind('127.0.0.1:0');
    using rt1 = new Runtime();
    const [client, server] = await rt1.run(join(
      TcpStream.connect(`127.0.0.1:${listener.localAddr().port}`),
      map(listener.accept(), ([s]) => s),
    ));
    using _c = client;
    using _s = server;
    const waiting = rt1.spawn(server.read(new Uint8Array(8)));
    await rt1.run(sleep(5)); // the reader is waiting now
    using rt2 = new Runtime();
    expect(() => rt2.blockOn(server.read(new Uint8Array(8)))).to.throw().with.property('code', 'ERR_FOREIGN_REACTOR');
    client.close();
    expect(await waiting).to.equal(0); // runtime1's reader was not disturbed: it sees the end of stream
  });
});
