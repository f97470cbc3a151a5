// Worker threads for tests that block the main thread in epoll_wait.
import { Worker } from 'node:worker_threads';

const TSX = import.meta.resolve('tsx/esm/api');
const EPOLL = new URL('../../src/index.ts', import.meta.url).href;

/** Runs `body` (async JS) in a worker where `epoll` is this package and `workerData` is set. */
export function epollWorker(body: string, workerData?: unknown): Worker {
  const code = `(async () => {
    (await import(${JSON.stringify(TSX)})).register();
    const epoll = await import(${JSON.stringify(EPOLL)});
    const { workerData } = await import('node:worker_threads');
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    ${body}
  })().catch((e) => { console.error(e); process.exit(1); });`;
  return new Worker(code, { eval: true, workerData });
}

/**
 * A way out for a test whose main thread blocks forever: after `ms`, bump the eventfd `fd` with a
 * plain write. Tests assert they returned well before it, so it never decides an outcome.
 */
export function watchdog(fd: number, ms = 5000): Worker {
  const code = `const fs = require('node:fs');
    setTimeout(() => { const b = Buffer.alloc(8); b[0] = 1; fs.writeSync(${fd}, b); }, ${ms});`;
  const w = new Worker(code, { eval: true });
  w.unref();
  return w;
}
