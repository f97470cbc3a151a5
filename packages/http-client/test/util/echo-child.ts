// util/echo.ts's server in its own process. Prints its URL on stdout, runs until stdin closes.
import { echoServer } from './echo.js';

const server = await echoServer();
process.stdout.write(`${server.url}\n`);
process.stdin.resume();
process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
