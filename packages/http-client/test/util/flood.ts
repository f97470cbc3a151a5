// A hostile server in another process (so that it keeps flooding while blockOn, or a client
// that never yields, owns this thread): after the request head it sends `head` once, then
// `unit` over and over until the client goes away.
import { spawn } from 'node:child_process';
import { once } from 'node:events';

const SERVER = `
  const net = require('node:net');
  const [head, unit] = JSON.parse(process.argv[1]);
  const block = Buffer.from(unit.repeat(Math.max(1, Math.floor(65536 / unit.length))), 'latin1');
  const server = net.createServer((s) => {
    s.on('error', () => {});
    s.once('data', () => {
      s.write(head, 'latin1');
      const pump = () => { while (!s.destroyed && s.write(block)) {} };
      s.on('drain', pump);
      pump();
    });
  });
  // write, not console.log: lerna forces colours, and console.log would colour the number
  server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
  process.on('SIGTERM', () => process.exit(0));`;

export interface FloodServer {
  url: string;
  close(): Promise<void>;
}

export async function spawnFloodServer(head: string, unit: string): Promise<FloodServer> {
  const child = spawn(process.execPath, ['-e', SERVER, JSON.stringify([head, unit])], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const [line] = (await once(child.stdout.setEncoding('utf8'), 'data')) as [string];
  return {
    url: `http://127.0.0.1:${Number(line.trim())}`,
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
