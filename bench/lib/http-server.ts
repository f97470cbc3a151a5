// The peer-neutral server for the HTTP benchmarks, in its own process: GET /small answers the
// 11-byte "hello world", GET /big 64 KiB; keep-alive unless asked otherwise. Prints its port.
import { createServer } from 'node:http';

const small = Buffer.from('hello world');
const big = Buffer.alloc(64 * 1024, 'x');
const server = createServer((req, res) => {
  const body = req.url === '/big' ? big : small;
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.maxRequestsPerSocket = 0;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as { port: number }).port}\n`));
process.on('SIGTERM', () => process.exit(0));
