import { expect } from 'chai';
import { Runtime } from '@ferrite/executor';
import { coroutine, dispose, wait, Waker, Context, PENDING } from '@ferrite/future';
import { TcpStream, sleep, timeout } from '@ferrite/reactor';
import { createServer, type TLSSocket } from 'node:tls';
import { TlsError, TlsStream, WOULD_BLOCK } from '../src/index.js';
import { certs, codeOf, get, httpsServer, ioFdCount, settled, silentServer, socketCount, text, type Running } from './util/index.js';

describe('lifetime and the TcpStream-shaped API (await mode)', () => {
  const c = certs();
  const rt = new Runtime();
  let server: Running;
  let silent: Running;
  before(async () => {
    server = await httpsServer({ key: c.localhost.key, cert: c.localhost.cert });
    silent = await silentServer();
    await rt.run(coroutine(function* () {
      (yield* wait(TlsStream.connect(`localhost:${server.port}`, { ca: c.ca }))).close(); // runtime fds from now on
    })());
  });
  after(async () => {
    await server.close();
    await silent.close();
    rt.close();
  });

  it('close() is idempotent; every later use is ERR_CLOSED', async () => {
    const s = await rt.run(TlsStream.connect(`localhost:${server.port}`, { ca: c.ca }));
    s.close();
    s.close();
    expect(() => s.tryRead(new Uint8Array(1))).to.throw(TlsError).with.property('code', 'ERR_CLOSED');
    expect(() => s.session).to.throw(TlsError).with.property('code', 'ERR_CLOSED');
    expect(await rt.run(coroutine(function* () {
      try {
        yield* wait(s.read(new Uint8Array(1)));
        return 'read';
      } catch (err) {
        return (err as TlsError).code;
      }
    })())).to.equal('ERR_CLOSED');
  });

  it('close() from inside the waker of a pending read: no crash, the socket closed, later use ERR_CLOSED', async () => {
    let peer: TLSSocket | undefined;
    const srv = createServer({ key: c.localhost.key, cert: c.localhost.cert }, (sock) => (peer = sock).on('error', () => {}));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    try {
      const sockets = socketCount();
      const s = await rt.run(TlsStream.connect(`localhost:${(srv.address() as { port: number }).port}`, { ca: c.ca }));
      let woken = 0;
      const cx = new Context(Waker.from(() => {
        woken++;
        s.close();
      }));
      const buf = new Uint8Array(16);
      expect(s.pollRead(cx, buf)).to.equal(PENDING); // flushes our Finished: the server's side completes
      await settled(() => (peer === undefined ? 0 : 1), 1);
      peer!.write('wake up');
      await rt.run(sleep(50)); // the reactor turns, sees the data and wakes (closes) the stream
      expect(woken).to.equal(1);
      expect(() => s.pollRead(cx, buf)).to.throw(TlsError).with.property('code', 'ERR_CLOSED');
      peer!.destroy();
      expect(await settled(socketCount, sockets)).to.equal(sockets);
    } finally {
      srv.close();
    }
  });

  it('a read waiting in another task when the stream is closed fails with ERR_CLOSED instead of hanging', async () => {
    const code = await rt.run(coroutine(function* () {
      const s = yield* wait(TlsStream.connect(`localhost:${server.port}`, { ca: c.ca }));
      const reader = rt.spawn(coroutine(function* () {
        try {
          return String(yield* wait(s.read(new Uint8Array(16))));
        } catch (err) {
          return (err as TlsError).code;
        }
      })());
      yield* wait(sleep(10)); // the reader is parked on the socket
      s.close();
      return yield* wait(reader);
    })());
    expect(code).to.equal('ERR_CLOSED');
  });

  it('a server that never answers: the reactor\'s timeout() ends the handshake with ERR_TIMEOUT, socket closed', async () => {
    const sockets = socketCount();
    const code = await rt.run(coroutine(function* () {
      try {
        yield* wait(timeout(TlsStream.connect(`127.0.0.1:${silent.port}`, { ca: c.ca }), 50));
        return 'connected';
      } catch (err) {
        return (err as TlsError).code;
      }
    })());
    expect(code).to.equal('ERR_TIMEOUT');
    expect(await settled(socketCount, sockets)).to.equal(sockets);
  });

  it('a task aborted mid-handshake closes its socket; awaiting it rejects', async () => {
    const sockets = socketCount();
    const task = rt.spawn(TlsStream.connect(`127.0.0.1:${silent.port}`, { ca: c.ca }));
    await rt.run(sleep(20)); // the ClientHello is out, the task waits for the reply
    task.abort();
    expect(await codeOf(task)).not.to.equal('resolved');
    expect(await settled(socketCount, sockets)).to.equal(sockets);
  });

  it('a connect disposed mid-handshake closes its socket', async () => {
    const fds = ioFdCount();
    const sockets = socketCount();
    const fut = TlsStream.connect(`127.0.0.1:${silent.port}`, { ca: c.ca });
    const cx = new Context(Waker.noop());
    await rt.run(coroutine(function* () {
      // Poll it by hand until the ClientHello is out and it waits for the reply.
      for (let i = 0; i < 100 && fut.poll(cx) === PENDING; i++) yield* wait(rt.spawn(coroutine(function* () {})()));
    })());
    dispose(fut);
    expect(await settled(socketCount, sockets)).to.equal(sockets);
    expect(await settled(ioFdCount, fds)).to.equal(fds);
  });

  it('secure(): TLS over an already connected TcpStream, which it then owns', async () => {
    const sockets = socketCount();
    const reply = await rt.run(coroutine(function* () {
      const tcp = yield* wait(TcpStream.connect(`127.0.0.1:${server.port}`));
      const s = yield* wait(TlsStream.secure(tcp, { ca: c.ca, servername: 'localhost' }));
      expect(s.fd).to.equal(tcp.fd);
      yield* wait(s.writeAll(get('/hello')));
      const body = text(yield* wait(s.readToEnd()));
      s.close();
      return body;
    })());
    expect(reply).to.match(/hello$/);
    expect(await settled(socketCount, sockets)).to.equal(sockets);
  });

  it('secure() refusing its options closes the TcpStream it was given, as a failed handshake does', async () => {
    const sockets = socketCount();
    const code = await rt.run(coroutine(function* () {
      const tcp = yield* wait(TcpStream.connect(`127.0.0.1:${server.port}`));
      try {
        TlsStream.secure(tcp, { ca: c.ca, minVersion: 'TLSv1.1' as never });
        return 'secured';
      } catch (err) {
        return (err as TlsError).code;
      }
    })());
    expect(code).to.equal('ERR_INVALID_ARG_VALUE');
    expect(await settled(socketCount, sockets)).to.equal(sockets);
  });

  it('tryRead: WOULD_BLOCK on a quiet connection (a session ticket is consumed), 0 after close_notify', async () => {
    const r = await rt.run(coroutine(function* () {
      const s = yield* wait(TlsStream.connect(`localhost:${server.port}`, { ca: c.ca }));
      const buf = new Uint8Array(64);
      const quiet = s.tryRead(buf);
      yield* wait(s.writeAll(get('/hello')));
      yield* wait(s.readToEnd());
      const after = s.tryRead(buf);
      s.close();
      return [quiet, after];
    })());
    expect(r).to.deep.equal([WOULD_BLOCK, 0]);
  });

  it('shutdown() sends close_notify: the server sees a clean end', async () => {
    let resolveEnded!: (got: string) => void;
    const ended = new Promise<string>((r) => (resolveEnded = r));
    const srv = createServer({ key: c.localhost.key, cert: c.localhost.cert }, (sock) => {
      let got = '';
      sock.on('data', (d) => (got += d));
      sock.on('end', () => {
        resolveEnded(got);
        sock.end();
      });
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    try {
      const client = rt.run(coroutine(function* () {
        const s = yield* wait(TlsStream.connect(`localhost:${port}`, { ca: c.ca }));
        yield* wait(s.writeAll(get('/bye')));
        yield* wait(s.shutdown());
        yield* wait(s.readToEnd());
        s.close();
      })());
      // A failing client rejects at once instead of leaving the test to its timeout.
      const [got] = await Promise.all([ended, client]);
      expect(got).to.match(/^GET \/bye/);
    } finally {
      srv.close();
    }
  });
});
