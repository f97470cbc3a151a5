/**
 * The delay server in its own process: for callers that block their own thread (a `blockOn`
 * pauses Node's loop, so an in-process server could not answer).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export interface ChildDelayServer {
  readonly port: number;
  readonly url: string;
  /** Terminates the child and waits for it to exit. Idempotent. */
  close(): Promise<void>;
}

// Run from source (tests under tsx) or from dist.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const CLI = fileURLToPath(new URL(FROM_SOURCE ? './cli.ts' : './cli.js', import.meta.url));

export async function spawnDelayServer(opts: { host?: string; verbose?: boolean } = {}): Promise<ChildDelayServer> {
  const host = opts.host ?? '127.0.0.1';
  const args = [...(FROM_SOURCE ? ['--import', 'tsx'] : []), CLI, '--port', '0', '--host', host, ...(opts.verbose ? ['--verbose'] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve(Number(line));
    });
    child.once('exit', (code) => reject(new Error(`delayserver exited with ${code} before listening`)));
    child.once('error', reject);
  });
  const exited = once(child, 'exit');
  let closing: Promise<void> | undefined;
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close() {
      closing ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
      })();
      return closing;
    },
  };
}
