import { readdirSync } from 'node:fs';
import net from 'node:net';
import { after, afterEach, before } from 'node:test';
import { startServer } from './servers.mjs';

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

/** Returns track(rt) => rt: every runtime it is given is closed after its test, pass or fail. */
export function closedAfterEach() {
  const made = [];
  afterEach(() => made.splice(0).forEach((rt) => rt.close()));
  return (rt) => (made.push(rt), rt);
}

/** The named servers (servers.mjs: 'echo', 'silent'), started before the file's tests and closed after; by kind once started. */
export function useServers(...kinds) {
  const servers = {};
  before(async () => {
    for (const kind of kinds) servers[kind] = await startServer(kind);
  });
  after(async () => {
    for (const kind of kinds) await servers[kind].close();
  });
  return servers;
}
