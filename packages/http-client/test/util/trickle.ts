// A server in another process (so that it answers while blockOn owns this thread) that sends a
// response head at once and then a body of 1 MB one byte every 20 ms: slow but never idle.
import { spawn } from 'node:child_process';
import { once } from 'node:events';

const SERVER = `
  const net = require('node:net');
  const server = net.createServer((s) => {
    s.on('error', () => {});
    s.once('data', () => {
      s.write('HTTP/1.1 200 OK\\r\\nContent-Length: 1000000\\r\\n\\r\\n');
      const tick = setInterval(() => s.write('x'), 20);
      s.on('close', () => clearInterval(tick));
    });
  });
  // write, not console.log: lerna forces colours, and console.log would colour the number
  server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
  process.on('SIGTERM', () => process.exit(0));`;

export async function spawnTrickleServer(): Promise<{ url: string; close(): Promise<void> }> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
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
