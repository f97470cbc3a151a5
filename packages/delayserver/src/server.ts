/**
 * The delay server: `GET /{delay_ms}/{message}` answers `200 text/plain; charset=utf-8` with the
 * percent-decoded `message` after `delay_ms` milliseconds. Everything else is 404 (405 for a
 * method other than GET/HEAD on a delay path, 400 for a malformed delay or encoding). Requests
 * are served concurrently; connections are kept alive unless the client sends
 * `Connection: close`.
 *
 * ```ts
 * import { start } from '@ferrite/delayserver';
 * const server = await start({ port: 0 });
 * const res = await fetch(`${server.url}/200/hello`); // after 200 ms: "hello"
 * await server.close();
 * ```
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StartOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Address to listen on; default '127.0.0.1'. */
  host?: string;
  /** Log each request to stderr (the server is silent otherwise). */
  verbose?: boolean;
  /** Upper bound for delays, in ms (larger ones get 400); default 600000. */
  maxDelayMs?: number;
}

export interface DelayServer {
  readonly port: number;
  readonly host: string;
  /** `http://host:port` (IPv6 hosts in brackets). */
  readonly url: string;
  /** Stops listening, cancels pending delays and closes every connection. Idempotent. */
  close(): Promise<void>;
}

const PATH = /^\/(\d+)\/(.*)$/;

export async function start(opts: StartOptions = {}): Promise<DelayServer> {
  const host = opts.host ?? '127.0.0.1';
  const maxDelay = opts.maxDelayMs ?? 600_000;
  const pending = new Set<NodeJS.Timeout>();
  let requests = 0;
  const log = opts.verbose ? (line: string) => process.stderr.write(`${line}\n`) : () => {};

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const id = ++requests;
    const match = PATH.exec((req.url ?? '/').split('?')[0]!);
    if (match === null) return reply(res, 404, 'not found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return reply(res, 405, 'method not allowed\n');
    }
    const delay = Number(match[1]);
    if (!Number.isSafeInteger(delay) || delay > maxDelay) return reply(res, 400, `delay must be 0..${maxDelay} ms\n`);
    let message: string;
    try {
      message = decodeURIComponent(match[2]!);
    } catch {
      return reply(res, 400, 'malformed percent-encoding\n');
    }
    log(`#${id} - ${delay}ms: ${message}`);
    const timer = setTimeout(() => {
      pending.delete(timer);
      reply(res, 200, message);
    }, delay);
    pending.add(timer);
    // A client that goes away does not keep its timer.
    res.on('close', () => {
      clearTimeout(timer);
      pending.delete(timer);
    });
  });
  // Keep-alive connections idle for long between the book's slow requests.
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    port,
    host,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const t of pending) clearTimeout(t);
        pending.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function reply(res: ServerResponse, status: number, body: string): void {
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': bytes.length });
  res.end(res.req.method === 'HEAD' ? undefined : bytes);
}
