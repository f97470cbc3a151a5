/**
 * Chapter 5, b-show-stack: switch into a fiber, let it yield, and print its stack around the
 * saved stack pointer: first the callee-saved registers the switch pushed (and MXCSR/x87 control
 * on x86-64), then the fiber's frames, among them the marker 0xDEADBEEFCAFEBABE.
 *
 *   node --import tsx examples/ch05-fibers/b-show-stack.ts
 */
import { FiberRuntime } from '@ferrite/fibers';

const runtime = new FiberRuntime({ stackSize: 64 * 1024 });
const id = runtime.spawn('showStack', {});
runtime.step(); // the fiber runs until its yield; its state is now on its stack
const snap = runtime.stackSnapshot(id, 192)!;
console.log(`fiber ${id}: saved sp 0x${snap.sp.toString(16)}, stack top 0x${snap.top.toString(16)}`);
const view = new DataView(snap.bytes.buffer, snap.bytes.byteOffset, snap.bytes.byteLength);
for (let off = 0; off + 8 <= snap.bytes.length; off += 8) {
  const value = view.getBigUint64(off, true);
  const mark = value === 0xdeadbeefcafebaben ? '   <- marker in the fiber\'s frame' : '';
  console.log(`0x${(snap.sp + BigInt(off)).toString(16)}: 0x${value.toString(16).padStart(16, '0')}${mark}`);
}
runtime.run();
runtime.close();
