#!/usr/bin/env node
// delayserver [--port N] [--host ADDR] [--verbose]
// Prints the port it listens on (one line on stdout, useful with --port 0) and serves until
// SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { start } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', short: 'p', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    verbose: { type: 'boolean', short: 'v', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  process.stdout.write('usage: delayserver [--port 8080] [--host 127.0.0.1] [--verbose]\n');
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`delayserver: invalid --port ${values.port}\n`);
  process.exit(2);
}

try {
  const server = await start({ port, host: values.host, verbose: values.verbose });
  process.stdout.write(`${server.port}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  process.stderr.write(`delayserver: ${(err as Error).message}\n`);
  process.exit(1);
}
