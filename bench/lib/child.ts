// Starts a bench helper script in its own process and reads the port it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export async function startChild(script: string, args: string[] = []): Promise<{ port: number; child: ChildProcess; stop(): Promise<void> }> {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(Number(out.trim()));
    });
    child.once('exit', (c) => reject(new Error(`${script} exited ${c}`)));
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return { port, child, stop: async () => { child.kill('SIGTERM'); await exited; } };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
