// The deepest accepted `recurse` runs, for several stack sizes, on this thread and in a worker;
// one level deeper is refused with ERR_INVALID_ARG_VALUE (by FiberRuntime and by the native
// binding). The limit used to be stackSize / 512, ignoring each level's frame beyond its array
// (~528 bytes on x86-64): 500 levels at 256 KiB were accepted and overflowed the stack, killing
// the process with SIGSEGV.
import { native } from '../../src/binding.js';
import { FiberRuntime } from '../../src/index.js';
import { TASKS } from '../../src/tasks.js';
import { spawnTestTask } from '../../src/testing.js';
import { exited, fiberWorker, firstMessage } from '../util/fiber-worker.js';

const KiB = 1024;
const code = (f: () => unknown) => {
  try {
    f();
    return 'no error';
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
};

for (const stackSize of [16 * KiB, 64 * KiB, 256 * KiB, 1024 * KiB]) {
  const max = native.recurseDepthLimit(stackSize);
  // Not needlessly small: at least one level per KiB beyond the 8 KiB kept free.
  if (!(max >= Math.floor((stackSize - 8 * KiB) / KiB) && max * 512 < stackSize)) throw new Error(`${stackSize}: limit ${max}`);
  const rt = new FiberRuntime({ stackSize });
  let checksum = NaN;
  spawnTestTask(rt, 'recurse', { depth: max, onDone: (c) => void (checksum = c) });
  rt.run();
  if (!Number.isFinite(checksum)) throw new Error(`${stackSize}: depth ${max} gave no checksum`);
  const refused = code(() => spawnTestTask(rt, 'recurse', { depth: max + 1 }));
  if (refused !== 'ERR_INVALID_ARG_VALUE') throw new Error(`${stackSize}: depth ${max + 1}: ${refused}`);
  rt.close();
  const n = new native.NativeRuntime(stackSize, 10);
  const nativeRefused = code(() => n.spawn(TASKS.recurse.index, max + 1, -1, []));
  if (nativeRefused !== 'ERR_INVALID_ARG_VALUE') throw new Error(`${stackSize}: native depth ${max + 1}: ${nativeRefused}`);
  n.close();
  console.log(`stack ${stackSize / KiB} KiB: depth ${max} ran, ${max + 1} refused`);
}

// The same from a worker (an overflow there takes the whole process down).
for (const stackSize of [64 * KiB, 256 * KiB]) {
  const w = fiberWorker(
    `const { native } = await import(${JSON.stringify(new URL('../../src/binding.ts', import.meta.url).href)});
     const rt = new FiberRuntime({ stackSize: workerData });
     const max = native.recurseDepthLimit(workerData);
     let sum = NaN;
     spawnTestTask(rt, 'recurse', { depth: max, onDone: (c) => void (sum = c) });
     rt.run();
     rt.close();
     parentPort.postMessage(Number.isFinite(sum) ? 'ran ' + max : 'no checksum');`,
    stackSize,
  );
  const done = exited(w, 30_000);
  const msg = await firstMessage(w);
  if (typeof msg !== 'string' || !msg.startsWith('ran ')) throw new Error(`worker ${stackSize}: ${String(msg)}`);
  const c = await done;
  if (c !== 0) throw new Error(`worker ${stackSize}: exit code ${c}`);
  console.log(`worker, stack ${stackSize / KiB} KiB: depth ${msg.slice(4)} ran`);
}
console.log('recurse limits: ok');
