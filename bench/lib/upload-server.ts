// The uploads benchmark's server, in its own process: node:http that reads every request body to
// its end without keeping it and answers with the number of bytes it read (so a client can be
// checked to have sent all), keep-alive. `Expect: 100-continue` gets its 100 (Node's default).
// Prints its port.
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  let n = 0;
  req.on('data', (d: Buffer) => (n += d.length));
  req.on('end', () => {
    const body = String(n);
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.maxRequestsPerSocket = 0;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as { port: number }).port}\n`));
process.on('SIGTERM', () => process.exit(0));
