// A node:net echo server in its own process, for the reactor-level connection benchmarks: echoes
// every byte back, keeps connections open until the client closes them. Prints its port.
import { createServer } from 'node:net';

const server = createServer((s) => {
  s.on('data', (d) => s.write(d));
  s.on('error', () => s.destroy());
});
server.listen({ port: 0, host: '127.0.0.1', backlog: 65_535 }, () => process.stdout.write(`${(server.address() as { port: number }).port}\n`));
process.on('SIGTERM', () => process.exit(0));
