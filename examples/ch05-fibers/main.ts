/**
 * Chapter 5: green threads. Two fibers count to 10 and 15, yielding after each step; the
 * scheduler interleaves them round-robin. The counting runs natively on the fibers' own stacks;
 * each line is printed by the scheduler on the main stack (JavaScript never runs on a fiber).
 *
 *   node --import tsx examples/ch05-fibers/main.ts
 */
import { FiberRuntime } from '@ferrite/fibers';

const runtime = new FiberRuntime();
const onStep = (id: number, counter: number) => console.log(`thread: ${id} counter: ${counter}`);
runtime.spawn('counter', { n: 10, onStep });
runtime.spawn('counter', { n: 15, onStep });
runtime.run();
console.log('Finished running all tasks!');
runtime.close();
