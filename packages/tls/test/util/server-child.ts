// A server in its own process, for blockOn tests (blockOn owns this thread: an in-process
// server would never run). argv[2]: JSON { kind, key, cert } (kind: a key of `kinds` below).
// Prints the port on stdout, runs until its stdin closes.
import { closeNotifyServer, httpsServer, renegotiatingServer, truncatingServer, type Running } from './servers.js';

const config = JSON.parse(process.argv[2]!) as { kind: string; key: string; cert: string };
const kinds: Record<string, () => Promise<Running>> = {
  https: () => httpsServer({ key: config.key, cert: config.cert }),
  truncating: () => truncatingServer({ key: config.key, cert: config.cert }, 'partial body'),
  renegotiating: () => renegotiatingServer({ key: config.key, cert: config.cert }),
  'close-notify': () => closeNotifyServer(),
};
const server = await kinds[config.kind]!();
process.stdout.write(`${server.port}\n`);
process.stdin.resume();
process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
