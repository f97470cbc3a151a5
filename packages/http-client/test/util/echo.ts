// A node:http server for request bodies, in this process (await mode) or in a child (blockOn,
// whose thread runs no Node loop):
//   /echo      reads the body; answers JSON { method, bytes, sha256, te, cl, ct, expect }
//   /reject    answers 413 with Connection: close at once, reading nothing (and, asked for
//              100-continue, never sends the 100)
//   /redirect?status=N&to=PATH  reads the body, then answers N with Location PATH
//   /drop      reads 1 MiB of the body, then destroys the connection without an answer
//   /stats     { connections, bodies }: connections accepted, request bodies that reached /echo
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Runtime } from '@ferrite/executor';
import type { Future } from '@ferrite/future';

export interface Echoed {
  method: string;
  bytes: number;
  sha256: string;
  te: string | null;
  cl: string | null;
  ct: string | null;
  expect: string | null;
}

export interface EchoServer {
  url: string;
  close(): Promise<void>;
}

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export async function echoServer(): Promise<EchoServer> {
  const stats = { connections: 0, bodies: 0 };
  const sockets = new Set<Socket>();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname === '/reject') {
      res.writeHead(413, { connection: 'close', 'content-length': 7 });
      res.end('too big');
      return;
    }
    if (url.pathname === '/drop') {
      let n = 0;
      req.on('data', (c: Buffer) => {
        if ((n += c.length) > 1024 * 1024) req.socket.destroy();
      });
      return;
    }
    if (url.pathname === '/stats') {
      res.end(JSON.stringify(stats));
      return;
    }
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const c of req) {
      hash.update(c as Buffer);
      bytes += (c as Buffer).length;
    }
    if (url.pathname === '/redirect') {
      res.writeHead(Number(url.searchParams.get('status')), { location: url.searchParams.get('to')!, 'content-length': 0 });
      res.end();
      return;
    }
    stats.bodies++;
    const h = req.headers;
    const out: Echoed = {
      method: req.method!, bytes, sha256: hash.digest('hex'),
      te: h['transfer-encoding'] ?? null, cl: h['content-length'] ?? null, ct: h['content-type'] ?? null, expect: h.expect ?? null,
    };
    res.end(JSON.stringify(out));
  };
  // A client that stops mid-body (a test of exactly that) makes the read fail: not the server's concern.
  const serve = (req: IncomingMessage, res: ServerResponse) => void handle(req, res).catch(() => res.destroy());
  const server = createServer(serve);
  server.on('checkContinue', (req, res) => {
    if (!req.url!.startsWith('/reject')) res.writeContinue();
    serve(req, res);
  });
  server.on('connection', (s: Socket) => {
    stats.connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((done) => {
      for (const s of sockets) s.destroy();
      server.close(() => done());
    }),
  };
}

/** echoServer() in a child process (util/echo-child.ts). */
export function childEchoServer(): Promise<EchoServer> {
  const script = new URL('./echo-child.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`echo server child exited (${code}) before listening`)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!out.includes('\n')) return;
      child.removeAllListeners('exit');
      resolve({
        url: out.trim(),
        close: () => new Promise<void>((done) => {
          child.once('exit', () => done());
          child.stdin.end();
        }),
      });
    });
  });
}

/** What a suite over the echo server gets from echoSuite(). */
export interface EchoSuite {
  readonly srv: EchoServer;
  readonly rt: Runtime;
  /** Runs `f` on this test's runtime: awaited inside Node's loop, or under blockOn. */
  run<T>(f: Future<T>): Promise<T>;
}

/** The echo server (in this process, or a child for blockOn) and a fresh Runtime per test. Call inside a describe(). */
export function echoSuite(mode: 'await' | 'blockOn'): EchoSuite {
  let srv: EchoServer;
  let rt: Runtime;
  before(async () => {
    srv = await (mode === 'await' ? echoServer : childEchoServer)();
  });
  after(() => srv.close());
  beforeEach(() => {
    rt = new Runtime();
  });
  afterEach(() => rt.close());
  return {
    get srv() {
      return srv;
    },
    get rt() {
      return rt;
    },
    // blockOn's error becomes a rejection, as run()'s is.
    run: <T>(f: Future<T>): Promise<T> => (mode === 'await' ? rt.run(f) : new Promise<T>((resolve) => resolve(rt.blockOn(f)))),
  };
}
