import { readdirSync } from 'node:fs';
import net from 'node:net';

/** The two ways to run a FiberRuntime: the same tests run in both. */
export const modes = {
  'run() (blocking)': async (rt) => rt.run(),
  'runInLoop() (Node loop)': (rt) => rt.runInLoop(),
};

export const fdCount = () => readdirSync('/proc/self/fd').length;

/** A loopback port nothing listens on (bound, then closed). */
export async function closedPort() {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}
