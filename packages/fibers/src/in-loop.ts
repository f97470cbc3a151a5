// The Node-loop mode of FiberRuntime (runInLoop): the runtime's epoll fd is watched by libuv (the
// native watch()), and fibers are resumed from Node callbacks in bounded batches, so a Node
// server, Promises and fibers share one thread. A batch runs when the epoll fd is readable (a
// waited fd is ready, or a fiber was spawned between batches), when the earliest sleep or wait
// timeout is due (a Node timer), or right after a batch that left fibers ready (setImmediate:
// Node's own I/O gets its turn in between).
import type { NativeRuntime } from './binding.js';

/** Round-robin rounds per batch at most, before Node's loop gets the thread back. */
const ROUNDS_PER_BATCH = 16;

export interface LoopRun {
  readonly promise: Promise<void>;
  /** Ends the run now: rejects with `err` (close() while pending). Idempotent. */
  stop(err: Error): void;
}

/**
 * Starts driving `rt` from Node's loop. `step` runs one round (through FiberRuntime's reentrancy
 * guard); `onEnd` is called once when the run ends, before the promise settles.
 */
export function startInLoop(rt: NativeRuntime, step: () => boolean, onEnd: () => void): LoopRun {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  let done = false;

  const finish = (err?: unknown): void => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    clearImmediate(immediate);
    rt.unwatch();
    onEnd();
    if (err === undefined) resolve();
    else reject(err);
  };

  const batch = (): void => {
    if (done) return;
    clearTimeout(timer);
    clearImmediate(immediate);
    timer = immediate = undefined;
    let more: boolean;
    try {
      more = step();
      for (let i = 1; more && i < ROUNDS_PER_BATCH && rt.nextWakeMs() === 0; i++) more = step();
    } catch (err) {
      // A shipped task's callback threw (as run() would throw it); the fiber that asked is first
      // in line for the next run.
      finish(err);
      return;
    }
    if (!more) return finish();
    const wake = rt.nextWakeMs();
    if (wake === 0) immediate = setImmediate(batch);
    else if (wake > 0) timer = setTimeout(batch, wake);
    // -1: only fd waits; the watch calls batch when one is ready.
  };

  rt.watch(batch);
  immediate = setImmediate(batch);
  return { promise, stop: finish };
}
