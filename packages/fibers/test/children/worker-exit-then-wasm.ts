// Workers that use FiberRuntime and then end on their own, two at a time; afterwards (no
// environment holds the addon any more: this thread never loaded it) a WebAssembly
// out-of-bounds access must still be V8's catchable RuntimeError. It used to jump into the
// unloaded addon's SIGSEGV handler and kill the process.
import { readFileSync } from 'node:fs';
import { exited, fiberWorker, firstMessage } from '../util/fiber-worker.js';

const ROUNDS = Math.max(10, Math.ceil((Number(process.env.STORM_ROUNDS) || 20) / 2)); // x2 workers; test:stress raises it
for (let i = 0; i < ROUNDS; i++) {
  const workers = [0, 1].map((k) =>
    fiberWorker(
      `const rt = new FiberRuntime({ stackSize: 64 * 1024 });
       let steps = 0;
       rt.spawn('counter', { n: 5, onStep: () => steps++ });
       rt.spawn('sleeper', { ms: 1 });
       rt.run();
       // Half close their runtime, half leave it to the environment's cleanup hook.
       if (workerData) rt.close();
       parentPort.postMessage(steps);`,
      k === 1,
    ),
  );
  for (const [steps, code] of await Promise.all(workers.map((w) => Promise.all([firstMessage(w), exited(w, 10_000)])))) {
    if (steps !== 5 || code !== 0) throw new Error(`worker counted ${String(steps)}, exit code ${code}`);
  }
}

// The compiler's libs here do not declare WebAssembly (no DOM lib): just what is used.
const { WebAssembly } = globalThis as unknown as {
  WebAssembly: {
    instantiate(bytes: Uint8Array): Promise<{ instance: { exports: Record<string, unknown> } }>;
    RuntimeError: new () => Error;
  };
};
// (module (memory 1) (func (export "load") (param i32) (result i32) local.get 0 i32.load))
const wasm = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, // type: (i32) -> i32
  0x03, 0x02, 0x01, 0x00, // function 0 has type 0
  0x05, 0x03, 0x01, 0x00, 0x01, // memory: min 1 page
  0x07, 0x08, 0x01, 0x04, 0x6c, 0x6f, 0x61, 0x64, 0x00, 0x00, // export "load" = func 0
  0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x28, 0x02, 0x00, 0x0b, // local.get 0; i32.load; end
]);
const { instance } = await WebAssembly.instantiate(wasm);
const load = instance.exports.load as (addr: number) => number;
if (load(0) !== 0) throw new Error('in-bounds load failed');
try {
  load(0x7fff0000);
  throw new Error('out-of-bounds load did not trap');
} catch (err) {
  if (!(err instanceof WebAssembly.RuntimeError)) throw err;
  console.log(`wasm trap: ${err.constructor.name}`);
}
// Linked -z nodelete: the addon stays mapped after its last environment ended.
console.log(`addon mapped: ${readFileSync('/proc/self/maps', 'utf8').includes('ferrite_fibers.node')}`);
