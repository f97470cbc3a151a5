import { expect } from 'chai';
import { coroutine, joinAll, wait } from '@ferrite/future';
import { TcpListener, TcpStream, sleep } from '@ferrite/reactor';
import { spawn } from '../src/index.js';
import { child } from './util/child.js';
import { MODES, bytes, freshRuntime } from './util/modes.js';

for (const mode of MODES) {
  describe(`several tasks waiting on one socket (${mode.name})`, () => {
    const each = freshRuntime();

    it('two acceptor tasks on one listener both get a connection', async () => {
      const served = await mode.exec(each.rt, coroutine(function* () {
        using listener = TcpListener.bind('127.0.0.1:0');
        const acceptors = ['a', 'b'].map((name) => spawn(coroutine(function* () {
          using _conn = (yield* wait(listener.accept()))[0];
          return name;
        })()));
        yield* wait(sleep(10)); // both are waiting now
        const port = listener.localAddr().port;
        using _c1 = yield* wait(TcpStream.connect(`127.0.0.1:${port}`));
        using _c2 = yield* wait(TcpStream.connect(`127.0.0.1:${port}`));
        return yield* wait(joinAll(acceptors));
      })());
      expect(served).to.deep.equal(['a', 'b']);
    });

    it('two reader tasks on one stream both finish', async () => {
      const got = await mode.exec(each.rt, coroutine(function* () {
        using listener = TcpListener.bind('127.0.0.1:0');
        using client = yield* wait(TcpStream.connect(`127.0.0.1:${listener.localAddr().port}`));
        using server = (yield* wait(listener.accept()))[0];
        const readers = [1, 2].map(() => spawn(coroutine(function* () {
          const buf = new Uint8Array(1);
          const n = yield* wait(server.read(buf));
          return new TextDecoder().decode(buf.subarray(0, n));
        })()));
        yield* wait(sleep(10)); // both are waiting now
        yield* wait(client.writeAll(bytes('x')));
        yield* wait(sleep(10));
        yield* wait(client.writeAll(bytes('y')));
        return yield* wait(joinAll(readers));
      })());
      expect(got.sort()).to.deep.equal(['x', 'y']);
    });
  });
}

describe('a read that timed out leaves no waiter behind (child processes)', () => {
  const connected = `
    const listener = R.TcpListener.bind('127.0.0.1:0');
    const rt = new E.Runtime();
    const [client, [server]] = rt.blockOn(F.join(R.TcpStream.connect('127.0.0.1:' + listener.localAddr().port), listener.accept()));`;

  it('blockOn: after it, a blockOn that can never finish is ERR_DEADLOCK, not a hang', () => {
    const r = child(`${connected}
      const attempt = (f) => { try { return f(); } catch (e) { return e.code; } };
      console.log(attempt(() => rt.blockOn(R.timeout(server.read(new Uint8Array(8)), 20))));
      console.log(attempt(() => rt.blockOn(F.pending())));
      for (const c of [client, server, listener, rt]) c.close();`, 10_000);
    expect(r.stderr).to.equal('');
    expect(r.stdout.trim().split('\n')).to.deep.equal(['ERR_TIMEOUT', 'ERR_DEADLOCK']);
    expect(r.status).to.equal(0);
  });

  it('run(): the script ends (with its connection still open) and the process exits', () => {
    const r = child(`${connected}
      console.log(await rt.run(R.timeout(server.read(new Uint8Array(8)), 20)).catch((e) => e.code));`, 10_000);
    expect(r.stderr).to.equal('');
    expect(r.stdout.trim()).to.equal('ERR_TIMEOUT');
    expect(r.status).to.equal(0);
  });
});
