// Loopback TCP servers in a worker thread, so that they answer while a blocking run() holds the
// main thread. 'echo' sends back what it got and closes; 'silent' accepts and never answers.
// `accepted` (a SharedArrayBuffer counter) lets a blocked thread see the connections arrive.
import { Worker } from 'node:worker_threads';

const body = `
const net = require('node:net');
const { parentPort, workerData } = require('node:worker_threads');
const accepted = new Int32Array(workerData.accepted);
const open = new Set();
const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  open.add(socket);
  socket.on('close', () => open.delete(socket));
  Atomics.add(accepted, 0, 1);
  Atomics.notify(accepted, 0);
  socket.on('error', () => {});
  if (workerData.kind === 'echo') socket.pipe(socket);
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', (m) => {
  for (const s of open) s.destroy();
  open.clear();
  if (m === 'drop') parentPort.postMessage('dropped');
  else server.close(() => process.exit(0));
});
`;

export async function startServer(kind) {
  const accepted = new SharedArrayBuffer(4);
  const worker = new Worker(body, { eval: true, workerData: { kind, accepted } });
  const port = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    port,
    /** Connections accepted so far. */
    accepted: () => Atomics.load(new Int32Array(accepted), 0),
    /** Blocks this thread until `n` connections were accepted (at most `ms`). */
    waitAccepted(n, ms = 10_000) {
      const view = new Int32Array(accepted);
      const end = Date.now() + ms;
      for (let seen = Atomics.load(view, 0); seen < n && Date.now() < end; seen = Atomics.load(view, 0)) Atomics.wait(view, 0, seen, 50);
      return Atomics.load(view, 0);
    },
    /** Destroys every accepted socket (they share this process's fd table). */
    async dropAll() {
      worker.postMessage('drop');
      await new Promise((resolve) => worker.once('message', resolve));
    },
    async close() {
      worker.postMessage('close');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}
