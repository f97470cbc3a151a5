// Starts util/server-child.ts in another process and resolves with its port.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ChildServer {
  port: number;
  stop(): Promise<void>;
}

export function childServer(config: { kind: 'https' | 'truncating' | 'renegotiating' | 'close-notify'; key: string; cert: string }): Promise<ChildServer> {
  const script = new URL('./server-child.ts', import.meta.url).pathname;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(config)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`server child exited (${code}) before listening`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (!out.includes('\n')) return;
      child.removeAllListeners('exit');
      resolve({
        port: Number(out.trim()),
        stop: () => new Promise<void>((done) => {
          child.once('exit', () => done());
          child.stdin!.end();
        }),
      });
    });
  });
}
