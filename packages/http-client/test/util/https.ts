// https test servers: a node:https server (its certificate made at test time by the openssl CLI,
// with @ferrite/tls's certificate helper, imported rather than copied) and a plain node:http
// one beside it, in this process (await mode) or in a child process (blockOn mode, whose thread
// runs no Node loop). The https server counts its TLS connections and resumed ones; the http
// one reports them, so that asking never opens a TLS connection.
//
// https: /redirect?to=URL → 302 to URL; /big → BIG bytes of bigBody(); /echo → '<method> <bytes> <sha256>'
// of the request body; anything else → 'hello <path>'.
// http:  /stats → { connections, resumed } of the https server; /redirect?to=URL; else 'plain <path>'.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readlinkSync } from 'node:fs';
import { createServer as createHttp, type Server } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { Runtime } from '@ferrite/executor';
import type { Future } from '@ferrite/future';
import { certs, type Certs } from '../../../tls/test/util/certs.js';

export { certs, type Certs, type KeyPair } from '../../../tls/test/util/certs.js';

/** Size of the https server's /big body. */
export const BIG = 10 * 1024 * 1024;
let big: Buffer | null = null;

/** The /big body: byte i is a pattern a shifted or dropped chunk cannot reproduce. */
export function bigBody(): Buffer {
  if (big !== null) return big;
  big = Buffer.alloc(BIG);
  for (let i = 0; i < BIG; i++) big[i] = (i * 7 + (i >> 12)) & 0xff;
  return big;
}

export interface HttpsServers {
  /** The https server's port. */
  port: number;
  /** The plain http server's port. */
  httpPort: number;
  close(): Promise<void>;
}

function listen(server: Server): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      port: (server.address() as AddressInfo).port,
      close: () => new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
    }));
  });
}

/** Both servers in this process. */
export async function httpsServers(pair: { key: string; cert: string }): Promise<HttpsServers> {
  const stats = { connections: 0, resumed: 0 };
  const tls = createHttps({ key: pair.key, cert: pair.cert, keepAliveTimeout: 5000 }, (req, res) => {
    const url = new URL(req.url!, 'https://x');
    if (url.pathname === '/echo') {
      const hash = createHash('sha256');
      let bytes = 0;
      req.on('data', (c: Buffer) => {
        hash.update(c);
        bytes += c.length;
      });
      req.on('end', () => res.end(`${req.method} ${bytes} ${hash.digest('hex')}`));
    } else if (url.pathname === '/redirect') {
      res.writeHead(302, { location: url.searchParams.get('to')! });
      res.end();
    } else if (url.pathname === '/big') {
      res.setHeader('content-length', BIG);
      res.end(bigBody());
    } else {
      res.end(`hello ${url.pathname}`);
    }
  });
  tls.on('secureConnection', (s: TLSSocket) => {
    stats.connections++;
    if (s.isSessionReused()) stats.resumed++;
  });
  const plain = createHttp((req, res) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname === '/redirect') {
      res.writeHead(302, { location: url.searchParams.get('to')! });
      res.end();
    } else {
      res.end(url.pathname === '/stats' ? JSON.stringify(stats) : `plain ${url.pathname}`);
    }
  });
  const [a, b] = await Promise.all([listen(tls as unknown as Server), listen(plain)]);
  return { port: a.port, httpPort: b.port, close: async () => void (await Promise.all([a.close(), b.close()])) };
}

/** Both servers in a child process (util/https-child.ts), for blockOn. */
export function childHttpsServers(pair: { key: string; cert: string }): Promise<HttpsServers> {
  const script = new URL('./https-child.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(pair)], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`https server child exited (${code}) before listening`)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!out.includes('\n')) return;
      child.removeAllListeners('exit');
      const [port, httpPort] = out.trim().split(' ').map(Number);
      resolve({
        port: port!,
        httpPort: httpPort!,
        close: () => new Promise<void>((done) => {
          child.once('exit', () => done());
          child.stdin.end();
        }),
      });
    });
  });
}

/** Open sockets of this process. */
export function socketCount(): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:')) n++;
    } catch {
      // closed while listed
    }
  }
  return n;
}

/** `count()` once it is `expected`, or after `limitMs` (an in-process server closes its side a moment later). */
export async function settled(count: () => number, expected: number, limitMs = 5000): Promise<number> {
  const deadline = performance.now() + limitMs;
  while (count() !== expected && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return count();
}

/** What a suite over the https servers gets from httpsSuite(). */
export interface HttpsSuite {
  readonly c: Certs;
  /** The servers (localhost certificate), started before the suite's tests. */
  readonly srv: HttpsServers;
  /** A new Runtime per test, closed after it. */
  readonly rt: Runtime;
  /** Runs `f` on this test's runtime: awaited inside Node's loop, or under blockOn. */
  run<T>(f: Future<T>): Promise<T>;
}

/**
 * The setup of the https suites run in both modes: the servers in this process (await) or in a
 * child (blockOn, whose thread runs no Node loop), and a fresh Runtime per test. Call it inside a
 * describe(); read `srv` and `rt` inside the tests.
 */
export function httpsSuite(mode: 'await' | 'blockOn'): HttpsSuite {
  const c = certs();
  let srv: HttpsServers;
  let rt: Runtime;
  before(async () => {
    srv = await (mode === 'await' ? httpsServers : childHttpsServers)(c.localhost);
  });
  after(() => srv.close());
  beforeEach(() => {
    rt = new Runtime();
  });
  afterEach(() => rt.close());
  return {
    c,
    get srv() {
      return srv;
    },
    get rt() {
      return rt;
    },
    run: <T>(f: Future<T>): Promise<T> => (mode === 'await' ? rt.run(f) : Promise.resolve(rt.blockOn(f))),
  };
}
