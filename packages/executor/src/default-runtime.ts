/**
 * The default runtime, and the await driver that makes every ferrite future awaitable.
 *
 * Importing @ferrite/executor registers (once per thread) the driver that @ferrite/future's
 * `then` hands futures to: `await fut` runs `fut` as a task of `defaultRuntime()`, inside Node's
 * event loop, except a JoinHandle, which drives its own runtime (see JoinHandle.then).
 *
 * ```ts
 * import '@ferrite/executor';                 // registers the await driver
 * import { sleep, timeout, TcpStream } from '@ferrite/reactor';
 *
 * await sleep(100);                            // ~100 ms, on the default runtime
 * const s = await timeout(TcpStream.connect('localhost:8080'), 1000);
 * ```
 */
import { registerAwaitDriver, type Future } from '@ferrite/future';
import { JoinHandle } from './join-handle.js';
import { Runtime, attachToNodeLoop } from './runtime.js';

let theDefault: Runtime | null = null;
let exitHooked = false;

/**
 * This thread's default Runtime: made at the first call (or after it was closed), attached to
 * Node's loop (run() mode) at once, so what is spawned on it runs. Like any attached runtime it
 * keeps the process alive only while something can wake one of its tasks (a timer, a socket
 * waited on, a lookup), never when idle. Closed when the thread's environment exits (its tasks'
 * `finally` blocks then run). `await fut` runs `fut` here.
 */
export function defaultRuntime(): Runtime {
  let rt = theDefault;
  if (rt === null || rt.closed) {
    rt = theDefault = new Runtime();
    attachToNodeLoop(rt);
    if (!exitHooked) {
      exitHooked = true;
      process.once('exit', () => theDefault?.close());
    }
  }
  return rt;
}

/** The await driver: a JoinHandle settles by its own runtime; anything else runs on the default one. */
function driveAwaited<T>(future: Future<T>): PromiseLike<T> {
  if (future instanceof JoinHandle) return future as JoinHandle<T>;
  return defaultRuntime().run(future);
}

registerAwaitDriver(driveAwaited);
