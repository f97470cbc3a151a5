// The process ends while fibers are suspended (argv[2] says how): each must end cleanly (status 0
// or the code given to exit, no signal); where Node runs the environment's cleanup, the probe's
// fibers' cleanups say so on stderr ('probe: cleanup').
//   natural        the script ends with fibers sleeping in an unclosed runtime
//   cleanup-throws a fiber's cleanup throws a C++ exception (breaking the header's rule)
//   exit-in-run    process.exit(3) from a channel function, inside run()
//   exit-in-loop   process.exit(4) from a channel function, inside runInLoop()
//   worker-exit    a worker calls process.exit() from a channel function inside run(); the parent
//                  then prints how many fds the worker left behind
//   terminate-run  the parent terminates a worker whose fibers wait (a socket, sleeps) inside run()
//   terminate-loop the same inside runInLoop()
import { readdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { FiberRuntime } from '../../src/index.js';
import { Kind, loadProbe, probePath } from '../util/probe.js';

const how = process.argv[2];
const probe = loadProbe();

function suspended(exitCode?: number): FiberRuntime {
  const rt = new FiberRuntime({ stackSize: 16 * 1024 });
  for (let i = 0; i < 3; i++) probe.spawn(rt.nativeHandle(), 0, Kind.sleepLoud, -1, 0, '');
  const ch = rt.channel(() => {
    if (exitCode !== undefined) process.exit(exitCode);
  });
  probe.spawn(rt.nativeHandle(), ch, Kind.sleep, -1, 1, '');
  return rt;
}

if (how === 'cleanup-throws') {
  const rt = new FiberRuntime();
  probe.spawn(rt.nativeHandle(), 0, Kind.throwingCleanup, -1, 0, '');
  rt.run();
  console.log('run() returned');
} else if (how === 'natural') {
  suspended().step();
} else if (how === 'exit-in-run') {
  suspended(3).run();
} else if (how === 'exit-in-loop') {
  await suspended(4).runInLoop();
} else if (how === 'worker-exit' || how === 'terminate-run' || how === 'terminate-loop') {
  const fdCount = () => readdirSync('/proc/self/fd').length;
  const fds = fdCount();
  const src = new URL('../../src/index.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  // Three fibers that never finish by themselves (one on a socket, two asleep), and one that
  // reports after 1 ms: process.exit(5) there, or 'waiting' for the parent to terminate us.
  const w = new Worker(
    `(async () => {
      (await import(${JSON.stringify(tsx)})).register();
      const { FiberRuntime } = await import(${JSON.stringify(src)});
      const { net } = await import('@ferrite/epoll');
      const { parentPort } = await import('node:worker_threads');
      const probe = require(${JSON.stringify(probePath())});
      const rt = new FiberRuntime({ stackSize: 16 * 1024 });
      const [a, b] = net.tcpPair();
      probe.spawn(rt.nativeHandle(), 0, ${Kind.waitLoud}, b.fd, 0, '');
      for (let i = 0; i < 2; i++) probe.spawn(rt.nativeHandle(), 0, ${Kind.sleepLoud}, -1, 0, '');
      const report = ${how === 'worker-exit'} ? () => process.exit(5) : () => parentPort.postMessage('waiting');
      probe.spawn(rt.nativeHandle(), rt.channel(report), ${Kind.sleep}, -1, 1, '');
      if (${how === 'terminate-loop'}) rt.runInLoop();
      else rt.run();
    })()`,
    { eval: true },
  );
  const exit = new Promise((resolve) => w.once('exit', resolve));
  if (how !== 'worker-exit') {
    await new Promise((resolve) => w.once('message', resolve));
    await new Promise((resolve) => setTimeout(resolve, 5)); // the report returned: run() is in epoll_wait
    await w.terminate();
  }
  const code = await exit;
  console.log(`worker exit ${String(code)}, fds left ${fdCount() - fds}`);
} else {
  throw new Error(`unknown mode ${how}`);
}
