// Servers that misbehave on purpose, written with node:net (raw bytes) and node:tls, in this
// process (await mode). Each failure is a coded error and leaves no socket open.
import { expect } from 'chai';
import { createServer as createNet, connect as netConnect, type Server } from 'node:net';
import { createServer as createTls, TLSSocket, type TlsOptions as NodeTlsOptions } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { Runtime } from '@ferrite/executor';
import { coroutine, wait } from '@ferrite/future';
import { TlsStream } from '../src/index.js';
import { certs, codeOf, get, ioFdCount, settled, text } from './util/index.js';

describe('hostile servers (await mode)', () => {
  const c = certs();
  const rt = new Runtime();
  const servers: Server[] = [];
  const serve = async (server: Server): Promise<number> => {
    servers.push(server);
    server.on('connection', (s) => s.on('error', () => {}));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return (server.address() as AddressInfo).port;
  };
  const tls = (options: NodeTlsOptions, onSecure: (s: TLSSocket) => void) =>
    serve(createTls({ key: c.localhost.key, cert: c.localhost.cert, ...options }, (s) => {
      s.on('error', () => {});
      onSecure(s);
    }));
  /** GET /, then everything up to close_notify; the stream is closed after. */
  const exchange = (port: number) => rt.run(coroutine(function* () {
    const s = yield* wait(TlsStream.connect(`localhost:${port}`, { ca: c.ca }));
    try {
      yield* wait(s.writeAll(get('/')));
      return text(yield* wait(s.readToEnd()));
    } finally {
      s.close();
    }
  })());
  /** `code` for an exchange with the server at `port`, with every socket closed after. */
  const expectFailure = async (port: number, code: string) => {
    const before = ioFdCount();
    expect(await codeOf(exchange(port))).to.equal(code);
    expect(await settled(ioFdCount, before)).to.equal(before);
  };

  before(async () => {
    // The runtime's own fds (epoll, eventfd, timerfd) exist from here on, out of the counts.
    const port = await tls({}, (s) => s.once('data', () => s.end('warm')));
    await exchange(port);
  });
  after(() => {
    for (const s of servers) s.close();
    rt.close();
  });

  it('a 1 MiB handshake message instead of a ServerHello: ERR_SSL_EXCESSIVE_MESSAGE_SIZE', async () => {
    const port = await serve(createNet((raw) => raw.once('data', () => {
      // A record of 16 KiB announcing a 16 MiB ServerHello, then 1 MiB of it.
      raw.write(Buffer.from([0x16, 0x03, 0x03, 0x40, 0x00, 0x02, 0xff, 0xff, 0xff]));
      raw.write(Buffer.alloc(1 << 20, 0x41));
    })));
    await expectFailure(port, 'ERR_SSL_EXCESSIVE_MESSAGE_SIZE');
  });

  it('a record header announcing 64 KiB, then 1 MiB: ERR_SSL_PACKET_LENGTH_TOO_LONG', async () => {
    const port = await serve(createNet((raw) => raw.once('data', () => {
      raw.write(Buffer.from([0x16, 0x03, 0x03, 0xff, 0xff]));
      raw.write(Buffer.alloc(1 << 20, 0x41));
    })));
    await expectFailure(port, 'ERR_SSL_PACKET_LENGTH_TOO_LONG');
  });

  it('TLS 1.2 renegotiation is refused: the server is told no_renegotiation, no second handshake runs', async () => {
    let serverSaw = 'nothing';
    const port = await tls({ maxVersion: 'TLSv1.2' }, (s) => {
      s.on('error', (err: { code?: string }) => (serverSaw = String(err.code)));
      s.once('data', () => s.renegotiate({}, (err) => {
        if (err === null) serverSaw = 'renegotiated';
        s.end('after renegotiation');
      }));
    });
    await expectFailure(port, 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE');
    expect(serverSaw).to.equal('ERR_SSL_NO_RENEGOTIATION');
  });

  it('bytes after close_notify are ignored: every later read is 0', async () => {
    const port = await serve(createNet((raw) => {
      const s = new TLSSocket(raw, { isServer: true, key: c.localhost.key, cert: c.localhost.cert });
      s.on('error', () => {});
      s.once('data', () => s.end('bye', () => raw.end('GARBAGE AFTER THE END')));
    }));
    const got = await rt.run(coroutine(function* () {
      const s = yield* wait(TlsStream.connect(`localhost:${port}`, { ca: c.ca }));
      try {
        yield* wait(s.writeAll(get('/')));
        const body = text(yield* wait(s.readToEnd()));
        const later = [yield* wait(s.read(new Uint8Array(64))), yield* wait(s.read(new Uint8Array(64)))];
        return { body, later };
      } finally {
        s.close();
      }
    })());
    expect(got).to.deep.equal({ body: 'bye', later: [0, 0] });
  });

  for (const maxVersion of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`${maxVersion}: a server that speaks first (data right behind its Finished) is read without writing`, async () => {
      const port = await tls({ maxVersion }, (s) => s.write('hello first'));
      const got = await rt.run(coroutine(function* () {
        const s = yield* wait(TlsStream.connect(`localhost:${port}`, { ca: c.ca }));
        try {
          const buf = new Uint8Array(64);
          return [text(buf.subarray(0, yield* wait(s.read(buf)))), s.getProtocol()];
        } finally {
          s.close();
        }
      })());
      expect(got).to.deep.equal(['hello first', maxVersion]);
    });
  }

  it('TLSv1.2: data in the same TCP segment as the server\'s Finished is read without waiting on the socket', async () => {
    const backend = await tls({ maxVersion: 'TLSv1.2' }, (s) => s.write('right behind the Finished'));
    // Holds what the server sends until it has been quiet for a moment, then writes it in one go:
    // its ChangeCipherSpec, Finished and first data record reach the client together.
    const port = await serve(createNet((client) => {
      const up = netConnect(backend, '127.0.0.1');
      up.on('error', () => client.destroy());
      client.pipe(up);
      let held: Buffer[] = [];
      let timer: NodeJS.Timeout | undefined;
      up.on('data', (d: Buffer) => {
        held.push(d);
        clearTimeout(timer);
        timer = setTimeout(() => {
          client.write(Buffer.concat(held));
          held = [];
        }, 30);
      });
      client.on('close', () => up.destroy());
    }));
    const got = await rt.run(coroutine(function* () {
      const s = yield* wait(TlsStream.connect(`localhost:${port}`, { ca: c.ca }));
      try {
        const buf = new Uint8Array(64);
        return text(buf.subarray(0, yield* wait(s.read(buf))));
      } finally {
        s.close();
      }
    })());
    expect(got).to.equal('right behind the Finished');
  });

  it('every byte from the server in its own TCP segment: handshake and body intact', async () => {
    const backend = await tls({}, (s) => s.once('data', () => s.end('x'.repeat(3000))));
    const port = await serve(createNet((client) => {
      client.setNoDelay(true);
      const up = netConnect(backend, '127.0.0.1');
      up.on('error', () => client.destroy());
      client.pipe(up);
      // Forward one byte per write, the next after the previous one left.
      const queue: number[] = [];
      let busy = false;
      let ended = false;
      const pump = (): void => {
        const b = queue.shift();
        busy = b !== undefined;
        if (b !== undefined) client.write(Buffer.of(b), () => setImmediate(pump));
        else if (ended) client.end();
      };
      up.on('data', (d: Buffer) => {
        queue.push(...d);
        if (!busy) pump();
      });
      up.on('end', () => {
        ended = true;
        if (!busy) pump();
      });
    }));
    expect(await exchange(port)).to.equal('x'.repeat(3000));
  });

  it('1 MiB in 512-byte records (setMaxSendFragment) arrives intact', async () => {
    const body = Buffer.alloc(1 << 20);
    for (let i = 0; i < body.length; i++) body[i] = (i * 31) & 0xff;
    const port = await tls({}, (s) => {
      s.setMaxSendFragment(512);
      s.once('data', () => s.end(body));
    });
    const got = await rt.run(coroutine(function* () {
      const s = yield* wait(TlsStream.connect(`localhost:${port}`, { ca: c.ca }));
      try {
        yield* wait(s.writeAll(get('/')));
        return yield* wait(s.readToEnd());
      } finally {
        s.close();
      }
    })());
    expect(Buffer.compare(Buffer.from(got), body)).to.equal(0);
  });

  it('the OpenSSL error queue is left clean: each failure reports its own code, then a good handshake works', async () => {
    const garbage = await serve(createNet((raw) => raw.once('data', () => raw.end('HTTP/1.1 400 Bad Request\r\n\r\n'))));
    const oversized = await serve(createNet((raw) => raw.once('data', () => raw.end(Buffer.from([0x16, 0x03, 0x03, 0xff, 0xff])))));
    const good = await tls({}, (s) => s.once('data', () => s.end('fine')));
    const codes = [];
    for (const port of [oversized, garbage, oversized, good]) codes.push(await codeOf(exchange(port)));
    expect(codes).to.deep.equal(['ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'resolved']);
  });

  // Client certificates are not supported (options refuse cert/key): the server's alert, coded.
  it('a server requiring a client certificate: TLS 1.2 fails the handshake with its alert', async () => {
    const port = await tls({ maxVersion: 'TLSv1.2', requestCert: true, rejectUnauthorized: true, ca: c.ca }, (s) => s.end('hi'));
    await expectFailure(port, 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE');
  });

  it('a server requiring a client certificate: TLS 1.3 fails the first read with certificate_required', async () => {
    const port = await tls({ maxVersion: 'TLSv1.3', requestCert: true, rejectUnauthorized: true, ca: c.ca }, (s) => s.end('hi'));
    await expectFailure(port, 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
  });
});
