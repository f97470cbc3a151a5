// The TLS benchmarks' server, in its own process: node:https with the key and certificate files
// named on the command line; GET / answers "hello world" (keep-alive unless asked otherwise).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';

const [keyFile, certFile] = process.argv.slice(2);
const body = Buffer.from('hello world');
const server = createServer({ key: readFileSync(keyFile!), cert: readFileSync(certFile!) }, (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as { port: number }).port}\n`));
process.on('SIGTERM', () => process.exit(0));
