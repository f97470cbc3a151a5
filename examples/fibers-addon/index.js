// The JavaScript face of the addon: connects the fibers' value channel to two plain functions.
import { createRequire } from 'node:module';
import { constants } from 'node:os';

const require = createRequire(import.meta.url);
const addon = require('./build/Release/fibers_clients.node');

const errnoNames = new Map(Object.entries(constants.errno).map(([name, n]) => [-n, name]));

/**
 * Spawns `count` client fibers on `runtime` (a FiberRuntime); they run when it runs (run() or
 * runInLoop()). Each asks `request(index)` for what to send (a string or a Uint8Array), connects
 * to host:port, sends it, half-closes and reads the reply to EOF, then calls
 * `onDone({ index, fiberId, code, reply, error })`: code 'OK' or the errno name ('ECONNREFUSED',
 * 'ETIMEDOUT', ...), or 'ECANCELED' with `error` (the message) when request() threw. Every
 * connect, write and read gives up after `timeoutMs` (-1: never).
 */
export function spawnClients(runtime, { host = '127.0.0.1', port, count, timeoutMs = 5000, request, onDone }) {
  const channel = runtime.channel((fiberId, kind, index, status, payload) => {
    if (kind === 'request') return request(index);
    const code = status === 0 ? 'OK' : (errnoNames.get(status) ?? `errno ${status}`);
    const error = typeof payload === 'string' ? payload : undefined;
    onDone({ index, fiberId, code, reply: typeof payload === 'string' ? undefined : payload, error });
    return undefined;
  });
  return addon.spawnClients(runtime.nativeHandle(), channel, host, port, count, timeoutMs);
}
