/**
 * Chapter 7: coroutines as state machines. Prints the hand-written state machine's run, the same
 * program written with `coroutine`/`wait` (identical output), and `joinAll` over five coroutines.
 *
 *   node --import tsx examples/ch07-coroutines/main.ts
 */
import { concurrent, handWritten, withCoroutine } from './programs.js';

console.log('== hand-written state machine ==');
handWritten(console.log);
console.log('\n== the same with coroutine/wait ==');
withCoroutine(console.log);
console.log('\n== joinAll over five coroutines ==');
const { elapsedMs, sequentialMs } = concurrent(console.log);
console.log(`total: ${elapsedMs} simulated ms (one after another it would be ${sequentialMs} ms)`);
