// Local servers for the tests, all on loopback: node:https (routes below), a TLS server that
// ends its socket without close_notify, one that resets the connection mid-handshake, and one
// that accepts and never answers. Used in-process (await mode) and from server-child.ts.
import { createServer as createHttps, type ServerOptions } from 'node:https';
import { createServer as createNet, type Server, type Socket } from 'node:net';
import { TLSSocket, createServer as createTls, type SecureContextOptions } from 'node:tls';
import type { AddressInfo } from 'node:net';

export interface Running {
  port: number;
  close(): Promise<void>;
}

export const BIG = 10 * 1024 * 1024;

/** Byte i of the /big body: a pattern a shifted or dropped chunk cannot reproduce. */
export const bigByte = (i: number) => (i * 7 + (i >> 12)) & 0xff;

function listen(server: Server, host = '127.0.0.1'): Promise<Running> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve) => {
    server.listen(0, host, () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () => new Promise<void>((done) => {
          for (const s of sockets) s.destroy();
          server.close(() => done());
        }),
      });
    });
  });
}

/**
 * node:https: GET /hello → 'hello', /big → 10 MiB (bigByte pattern), /sni → the servername the
 * client sent, anything else → 404. `sni` adds certificates per servername.
 */
export function httpsServer(options: ServerOptions, sni: Record<string, SecureContextOptions> = {}, host?: string): Promise<Running> {
  const server = createHttps({ ...options, keepAliveTimeout: 1000 }, (req, res) => {
    if (req.url === '/hello') {
      res.end('hello');
    } else if (req.url === '/big') {
      const body = Buffer.alloc(BIG);
      for (let i = 0; i < BIG; i++) body[i] = bigByte(i);
      res.setHeader('content-length', BIG);
      res.end(body);
    } else if (req.url === '/sni') {
      res.end(String((req.socket as TLSSocket).servername));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  for (const [name, ctx] of Object.entries(sni)) server.addContext(name, ctx);
  return listen(server as unknown as Server, host);
}

/** Answers the first bytes of plaintext with `reply`, then ends the TCP socket without close_notify. */
export function truncatingServer(options: SecureContextOptions, reply: string): Promise<Running> {
  const server = createNet((raw) => {
    const tls = new TLSSocket(raw, { isServer: true, ...options });
    tls.on('error', () => {});
    tls.once('data', () => tls.write(reply, () => raw.end()));
  });
  return listen(server);
}

/** Resets (RST) each connection as soon as the ClientHello arrives. */
export function resetServer(): Promise<Running> {
  const server = createNet((raw) => {
    raw.on('error', () => {});
    raw.once('data', () => raw.resetAndDestroy());
  });
  return listen(server);
}

/** Accepts and never answers: a handshake that never completes. */
export function silentServer(): Promise<Running> {
  const server = createNet((raw) => {
    raw.on('error', () => {});
    raw.resume(); // reads (and drops) what comes, so it sees the client's end and closes too
  });
  return listen(server);
}

/** TLS 1.2 only; asks to renegotiate at the first bytes of plaintext, then answers 'after'. */
export function renegotiatingServer(options: SecureContextOptions): Promise<Running> {
  const server = createTls({ ...options, maxVersion: 'TLSv1.2' }, (s) => {
    s.on('error', () => {});
    s.once('data', () => s.renegotiate({}, () => s.end('after')));
  });
  return listen(server as unknown as Server);
}

/** Answers the ClientHello with a close_notify alert (warning level), leaving the socket open. */
export function closeNotifyServer(): Promise<Running> {
  const server = createNet((raw) => {
    raw.on('error', () => {});
    raw.once('data', () => raw.write(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x01, 0x00])));
  });
  return listen(server);
}
