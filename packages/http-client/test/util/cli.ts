// ferrite-get driven as a user would: a child process, piped or in a pseudo-terminal, against
// local node:http servers.
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
// tsx by its resolved address, so that a child in another working directory (-O) finds it.
const TSX = import.meta.resolve('tsx');
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };

export interface Run {
  code: number | null;
  out: string;
  err: string;
}

// Loaded into the child by runCli's `peakRss`: its peak RSS written to a file at exit.
const PEAK_RSS = import.meta.resolve('./peak-rss.ts');

/**
 * Runs ferrite-get with pipes for stdin/stdout/stderr; `input` is written to its stdin. With
 * `peakRss`, the child writes its peak resident set size (KiB, getrusage's ru_maxrss) to that file as it exits.
 */
export async function runCli(args: string[], opts: { cwd?: string; input?: string | Uint8Array; peakRss?: string } = {}): Promise<Run> {
  const preload = opts.peakRss === undefined ? [] : ['--import', PEAK_RSS];
  const childEnv = opts.peakRss === undefined ? env : { ...env, FERRITE_TEST_PEAK_RSS: opts.peakRss };
  const child = spawn(process.execPath, ['--import', TSX, ...preload, CLI, ...args], { env: childEnv, cwd: opts.cwd });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  // A child that exits without reading all its input (a usage error) must not fail the test with EPIPE.
  child.stdin.on('error', () => {});
  child.stdin.end(opts.input ?? '');
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  return { code, out, err };
}

/**
 * Runs ferrite-get in a pseudo-terminal (util-linux `script -qfec`): stdout and stderr both go to
 * the terminal, read back here as one stream. `onOutput` sees the output so far as it grows, and
 * can type keys at the terminal (Ctrl-C is '\x03').
 */
export async function runInPty(args: string[], onOutput: (soFar: string, type: (keys: string) => void) => void = () => {}): Promise<Run> {
  const cmd = [process.execPath, '--import', TSX, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qfec', cmd, '/dev/null'], { env: { ...env, COLUMNS: '80' } });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    onOutput(out, (keys) => child.stdin.write(keys));
  });
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  return { code, out, err: '' };
}

export interface Server {
  url: string;
  /** Request heads seen: method, url and headers. */
  seen: IncomingMessage[];
  close(): Promise<void>;
}

export async function httpServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> {
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
