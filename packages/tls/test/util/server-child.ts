// A server in its own process, for blockOn tests (blockOn owns this thread: an in-process
// server would never run). argv[2]: JSON { kind: 'https' | 'truncating', key, cert, sni? }.
// Prints the port on stdout, runs until its stdin closes.
import { httpsServer, truncatingServer } from './servers.js';

const config = JSON.parse(process.argv[2]!) as { kind: string; key: string; cert: string };
const server = config.kind === 'truncating'
  ? await truncatingServer({ key: config.key, cert: config.cert }, 'partial body')
  : await httpsServer({ key: config.key, cert: config.cert });
process.stdout.write(`${server.port}\n`);
process.stdin.resume();
process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
