// util/https.ts's servers in their own process. argv[2]: JSON { key, cert }. Prints
// '<https port> <http port>' on stdout, runs until its stdin closes.
import { httpsServers } from './https.js';

const servers = await httpsServers(JSON.parse(process.argv[2]!) as { key: string; cert: string });
process.stdout.write(`${servers.port} ${servers.httpPort}\n`);
process.stdin.resume();
process.stdin.on('end', () => void servers.close().then(() => process.exit(0)));
