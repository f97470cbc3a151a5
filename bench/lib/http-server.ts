// The peer-neutral server for the HTTP benchmarks, in its own process, keep-alive unless asked
// otherwise. GET /small answers the 11-byte "hello world", GET /big 64 KiB; a request with a body
// (the uploads benchmark) is read to its end without being kept and answered with the number of
// bytes read, so a client can be checked to have sent all (`Expect: 100-continue` gets its 100,
// Node's default). Prints its port.
import { createServer } from 'node:http';

const small = Buffer.from('hello world');
const big = Buffer.alloc(64 * 1024, 'x');
const answer = (res: import('node:http').ServerResponse, body: Buffer | string) => {
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
};
const server = createServer((req, res) => {
  if (req.method === 'GET' || req.method === 'HEAD') return answer(res, req.url === '/big' ? big : small);
  let n = 0;
  req.on('data', (d: Buffer) => (n += d.length));
  req.on('end', () => answer(res, String(n)));
});
server.keepAliveTimeout = 60_000;
server.maxRequestsPerSocket = 0;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as { port: number }).port}\n`));
process.on('SIGTERM', () => process.exit(0));
