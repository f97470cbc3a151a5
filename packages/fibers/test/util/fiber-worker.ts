// A worker thread that loads @ferrite/fibers from src (tsx registered inside it: workers do not
// inherit the parent's loader) and runs `body` with FiberRuntime, benchSwitch, spawnTestTask, parentPort and
// workerData in scope. Only the worker loads the addon: the thread calling this never does.
import { Worker } from 'node:worker_threads';

const src = new URL('../../src/index.ts', import.meta.url).href;
const testing = new URL('../../src/testing.ts', import.meta.url).href;
const tsx = import.meta.resolve('tsx/esm/api');

export function fiberWorker(body: string, workerData?: unknown): Worker {
  return new Worker(
    `(async () => {
      (await import(${JSON.stringify(tsx)})).register();
      const { FiberRuntime } = await import(${JSON.stringify(src)});
      const { benchSwitch, spawnTestTask } = await import(${JSON.stringify(testing)});
      const { parentPort, workerData } = await import('node:worker_threads');
      ${body}
    })()`,
    { eval: true, workerData },
  );
}

/** Resolves with the first message, rejects on a worker error or an exit before any message. */
export function firstMessage(w: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`worker exited (${code}) before sending a message`)));
  });
}

/** The worker's exit code, or a rejection after `ms` (a hang is a failure, not a stuck test). */
export function exited(w: Worker, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not exit within ${ms} ms`)), ms);
    w.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}
