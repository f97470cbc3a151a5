import { expect } from 'chai';
import { coroutine, join, wait } from '@ferrite/future';
import { Reactor, TcpListener, TcpStream, sleep } from '../src/index.js';
import { block } from './util/index.js';

describe('a closed socket says ERR_CLOSED', () => {
  it('accept() on a closed listener', () => {
    using reactor = new Reactor();
    const listener = TcpListener.bind('127.0.0.1:0');
    listener.close();
    expect(() => block(reactor, listener.accept())).to.throw().with.property('code', 'ERR_CLOSED');
  });

  it('an accept waiting when another task closes the listener fails with ERR_CLOSED instead of hanging', () => {
    using reactor = new Reactor();
    const listener = TcpListener.bind('127.0.0.1:0');
    const [code] = block(reactor, join(
      coroutine(function* () {
        try {
          yield* wait(listener.accept());
          return 'accepted?';
        } catch (err) {
          return (err as { code: string }).code;
        }
      })(),
      coroutine(function* () {
        yield* wait(sleep(10));
        listener.close();
      })(),
    ), 3000);
    expect(code).to.equal('ERR_CLOSED');
    expect(reactor.registrations).to.equal(0);
  });

  it('a read of a closed stream', () => {
    using reactor = new Reactor();
    using listener = TcpListener.bind('127.0.0.1:0');
    const stream = block(reactor, TcpStream.connect(`127.0.0.1:${listener.localAddr().port}`));
    stream.close();
    expect(() => block(reactor, stream.read(new Uint8Array(4)))).to.throw().with.property('code', 'ERR_CLOSED');
  });
});
