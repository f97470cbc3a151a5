// The process ends while fibers are suspended (argv[2] says how): each must end cleanly (status 0
// or the code given to exit, no signal); where Node runs the environment's cleanup, the probe's
// fibers' cleanups say so on stderr ('probe: cleanup').
//   natural        the script ends with fibers sleeping in an unclosed runtime
//   exit-in-run    process.exit(3) from a channel function, inside run()
//   exit-in-loop   process.exit(4) from a channel function, inside runInLoop()
//   worker-exit    a worker calls process.exit() from a channel function inside run(); the parent
//                  then prints how many fds the worker left behind
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

if (how === 'natural') {
  suspended().step();
} else if (how === 'exit-in-run') {
  suspended(3).run();
} else if (how === 'exit-in-loop') {
  await suspended(4).runInLoop();
} else if (how === 'worker-exit') {
  const fdCount = () => readdirSync('/proc/self/fd').length;
  const fds = fdCount();
  const src = new URL('../../src/index.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const w = new Worker(
    `(async () => {
      (await import(${JSON.stringify(tsx)})).register();
      const { FiberRuntime } = await import(${JSON.stringify(src)});
      const probe = require(${JSON.stringify(probePath())});
      const rt = new FiberRuntime({ stackSize: 16 * 1024 });
      for (let i = 0; i < 3; i++) probe.spawn(rt.nativeHandle(), 0, 10, -1, 0, '');
      probe.spawn(rt.nativeHandle(), rt.channel(() => process.exit(5)), 2, -1, 1, '');
      rt.run();
    })()`,
    { eval: true },
  );
  const code = await new Promise((resolve) => w.once('exit', resolve));
  console.log(`worker exit ${String(code)}, fds left ${fdCount() - fds}`);
} else {
  throw new Error(`unknown mode ${how}`);
}
