// A node:http server for ferrite-get's uploads: each request's method, URL, headers and body
// (its size, SHA-256, and its text when small) are recorded, and the response is JSON of the same.
// /see-other answers 303 and /moved 307 to /landed after reading the body; /reject answers 413 at once,
// reading nothing, and closes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bytes: number;
  sha256: string;
  /** The body as latin1 text, when at most 64 KiB. */
  text: string;
}

export interface CliEcho {
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Listens on 127.0.0.1, or on the Unix socket `path` when given. */
export async function cliEcho(path?: string): Promise<CliEcho> {
  const seen: Seen[] = [];
  const sockets = new Set<Socket>();
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/reject') {
      res.writeHead(413, { connection: 'close', 'content-length': 7 }).end('too big');
      return;
    }
    const hash = createHash('sha256');
    const small: Buffer[] = [];
    let bytes = 0;
    req.on('data', (d: Buffer) => {
      hash.update(d);
      bytes += d.length;
      if (bytes <= 65536) small.push(d);
    });
    req.on('end', () => {
      const s: Seen = { method: req.method!, url: req.url!, headers: req.headers, bytes, sha256: hash.digest('hex'), text: bytes <= 65536 ? Buffer.concat(small).toString('latin1') : '' };
      seen.push(s);
      if (req.url === '/see-other') res.writeHead(303, { location: '/landed' }).end();
      else if (req.url === '/moved') res.writeHead(307, { location: '/landed' }).end();
      else res.end(JSON.stringify(s));
    });
  };
  const server = createServer(handle);
  // An `Expect: 100-continue` gets its 100 unless the request is to be rejected unread.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (req.url !== '/reject') res.writeContinue();
    handle(req, res);
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => (path === undefined ? server.listen(0, '127.0.0.1', r) : server.listen(path, r)));
  return {
    url: path === undefined ? `http://127.0.0.1:${(server.address() as AddressInfo).port}` : 'http://local',
    seen,
    close: () => new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }),
  };
}

/**
 * The mocha hooks of a CLI upload suite: one echo server and one scratch folder for the suite,
 * closed and removed after it, the server's record emptied before each test. Read `srv` and
 * `dir` inside tests (they are set by the suite's before hook).
 */
export function cliEchoSuite(): { srv: CliEcho; dir: string } {
  const fx = {} as { srv: CliEcho; dir: string };
  before(async () => {
    fx.srv = await cliEcho();
    fx.dir = mkdtempSync(join(tmpdir(), 'ferrite-cli-up-'));
  });
  after(async () => {
    await fx.srv.close();
    rmSync(fx.dir, { recursive: true, force: true });
  });
  beforeEach(() => (fx.srv.seen.length = 0));
  return fx;
}
