// The JavaScript face of the addon: connects the fibers' value channel to two plain functions.
import { createRequire } from 'node:module';
import { isIPv4 } from 'node:net';
import { constants } from 'node:os';

const require = createRequire(import.meta.url);
const addon = require('./build/Release/fibers_clients.node');

const errnoNames = new Map(Object.entries(constants.errno).map(([name, n]) => [-n, name]));

function argError(code, message) {
  return Object.assign(code === 'ERR_INVALID_ARG_TYPE' ? new TypeError(message) : new RangeError(message), { code });
}

const isInteger = (v, min, max) => Number.isInteger(v) && v >= min && v <= max;

// One channel per runtime, shared by every spawnClients() call on it: a channel is kept until its
// runtime closes, so one per call would grow without end on a long-lived runtime. Each call is a
// batch; its clients report with its number, and it is forgotten once all of them have.
const channels = new WeakMap(); // runtime -> { id, batches: Map<number, { request, onDone, left }>, next }

function channelOf(runtime) {
  let ch = channels.get(runtime);
  if (ch) return ch;
  const batches = new Map();
  const id = runtime.channel((fiberId, kind, index, ...rest) => {
    if (kind === 'request') return batches.get(rest[0]).request(index);
    const [status, payload, batch] = rest;
    const b = batches.get(batch);
    if (--b.left === 0) batches.delete(batch);
    const code = status === 0 ? 'OK' : (errnoNames.get(status) ?? `errno ${status}`);
    const error = typeof payload === 'string' ? payload : undefined;
    b.onDone({ index, fiberId, code, reply: typeof payload === 'string' ? undefined : payload, error });
    return undefined;
  });
  ch = { id, batches, next: 0 };
  channels.set(runtime, ch);
  return ch;
}

/**
 * Spawns `count` client fibers on `runtime` (a FiberRuntime); they run when it runs (run() or
 * runInLoop()). Each asks `request(index)` for what to send (a string or a Uint8Array), connects
 * to host:port, sends it, half-closes and reads the reply to EOF, then calls
 * `onDone({ index, fiberId, code, reply, error })`: code 'OK' or the errno name ('ECONNREFUSED',
 * 'ETIMEDOUT', ...), or 'ECANCELED' with `error` (the message) when request() threw. Every
 * connect, write and read gives up after `timeoutMs` (-1: never).
 *
 * Throws ERR_INVALID_ARG_TYPE (a runtime that is not a FiberRuntime, options not an object,
 * request/onDone not functions, host not a string, a number that is not a number) or
 * ERR_INVALID_ARG_VALUE (host not an IPv4 address; port not an integer 1-65535, count 0-1e6,
 * timeoutMs an integer >= -1) before anything is registered or spawned. ERR_TOO_MANY_FIBERS when
 * the runtime's maxFibers is reached part-way (its `spawned` says how many started): those run
 * and report. Every call on a runtime shares one channel (registered at the first).
 */
export function spawnClients(runtime, options) {
  if (typeof runtime?.channel !== 'function' || typeof runtime?.nativeHandle !== 'function') {
    throw argError('ERR_INVALID_ARG_TYPE', 'runtime must be a FiberRuntime');
  }
  if (options === null || typeof options !== 'object') throw argError('ERR_INVALID_ARG_TYPE', 'options must be an object');
  const { host = '127.0.0.1', port, count, timeoutMs = 5000, request, onDone } = options;
  if (typeof request !== 'function') throw argError('ERR_INVALID_ARG_TYPE', 'request must be a function');
  if (typeof onDone !== 'function') throw argError('ERR_INVALID_ARG_TYPE', 'onDone must be a function');
  if (typeof host !== 'string') throw argError('ERR_INVALID_ARG_TYPE', 'host must be a string');
  for (const [name, v] of [['port', port], ['count', count], ['timeoutMs', timeoutMs]]) {
    if (typeof v !== 'number') throw argError('ERR_INVALID_ARG_TYPE', `${name} must be a number`);
  }
  if (!isIPv4(host)) throw argError('ERR_INVALID_ARG_VALUE', `host must be an IPv4 address, got ${JSON.stringify(host)}`);
  if (!isInteger(port, 1, 65535)) throw argError('ERR_INVALID_ARG_VALUE', `port must be an integer from 1 to 65535, got ${port}`);
  if (!isInteger(count, 0, 1e6)) throw argError('ERR_INVALID_ARG_VALUE', `count must be an integer from 0 to 1e6, got ${count}`);
  if (!isInteger(timeoutMs, -1, Number.MAX_SAFE_INTEGER)) throw argError('ERR_INVALID_ARG_VALUE', `timeoutMs must be -1 or an integer >= 0, got ${timeoutMs}`);
  const handle = runtime.nativeHandle(); // ERR_CLOSED on a closed runtime
  if (count === 0) return 0;
  const ch = channelOf(runtime);
  const batch = ch.next++;
  ch.batches.set(batch, { request, onDone, left: count });
  try {
    return addon.spawnClients(handle, ch.id, host, port, count, timeoutMs, batch);
  } catch (err) {
    // Only the clients that did start will report.
    const left = err.spawned ?? 0;
    if (left === 0) ch.batches.delete(batch);
    else ch.batches.get(batch).left = left;
    throw err;
  }
}
