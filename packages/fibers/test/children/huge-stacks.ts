// 1 GiB stacks spawned through the C API until the address space runs out: spawn says -ENOMEM
// (nothing half-made), JavaScript still allocates, close() gives it all back and a new runtime
// runs. In a child process: the address space is the whole process's. Prints JSON.
import { FiberRuntime } from '../../src/index.js';
import { Kind, loadProbe } from '../util/probe.js';

const probe = loadProbe();
const rt = new FiberRuntime({ stackSize: 1024 ** 3 });
let spawned = 0;
let last = 0;
while ((last = probe.spawn(rt.nativeHandle(), 0, Kind.yielder, -1, 1, '')) > 0) spawned++;
const live = rt.stats().live;
const objects = Array.from({ length: 1e5 }, (_, i) => ({ i })).length;
rt.close();
const after = new FiberRuntime();
probe.spawn(after.nativeHandle(), 0, Kind.yielder, -1, 1, '');
after.run();
console.log(JSON.stringify({ many: spawned > 100, last, liveIsSpawned: live === spawned, objects, afterFinished: after.stats().finished }));
after.close();
