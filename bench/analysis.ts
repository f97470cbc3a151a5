// What profiling found, printed under each group of the report. Written by hand from
// `node --cpu-prof` runs (commands given); the figures themselves always come from the run.

export const ANALYSIS: Record<string, string> = {
  'epoll event delivery': `Both receivers get the same traffic from one writer process; with 1,000 connections the writer
is the limit for messages/s, so the telling figures are receiver CPU per message (close between
the two, within the run-to-run spread) and read events per second, where ferrite's \`poll\` +
\`read\` loop handles more readiness events than libuv + \`net\` delivers 'data' callbacks (no
Buffer per read, no stream machinery).`,
  'futures vs Promises': `Futures run through a minimal run loop (bench/lib/mini-executor.ts): a poll is a plain method
call and a wake a queue push, where an \`await\` costs a promise and a microtask.`,
  'runtime and reactor': `**Spawning is slower than async functions.** \`node --cpu-prof\` on 200,000 spawned-and-joined
tasks shows 45% of the time in the garbage collector: each task allocates a Task, its Context and
Waker, a JoinHandle and, inside \`joinAll\`, a per-child Context/Waker/ChildWake; an async function
call allocates one promise. (The live-task \`Set\` was replaced by an intrusive list after this
profile: about 25% faster.) What would close the rest: the Task object serving as its own waker
target and context, and a join over JoinHandles that completes from the tasks' own completion
instead of per-child wakers. **Timers** (CPU per timer, 100,000 sleeps over 50 distinct durations): \`node --cpu-prof\` shows
27% in \`TimerQueue.fireDue\` (binary-heap removals, O(log n) each) and 19% in the garbage
collector; Node keeps one list per duration, so its timers of equal duration cost O(1). A
hierarchical timer wheel (tokio's) would give the same O(1). The reactor ping-pong (one round
trip = write, epoll wake, read, in both directions) is on par with or ahead of Node \`net\`.`,
  'HTTP client': `The server (one Node process) is the limit on this 2-core machine for keep-alive requests:
\`node --cpu-prof\` of the ferrite client shows 43% of its samples inside \`Poll.poll\` (blocked in
epoll_wait for responses) and 11% in \`send\`; parsing is under 5%, after caching the parsed URL
and request bytes per URL (\`new URL()\` showed before). Figures from run to run move by ±20% with
the server's scheduling; when ferrite's p99 is above a peer's, it comes from serving every ready
connection of one epoll turn in a batch, so the first response of a batch waits for the others'
parsing. New-connection throughput is ferrite's clear win: its connect is a non-blocking socket
registered edge-triggered, with no per-socket stream objects.`,
  'HTTP 10,000 in flight': `Every request is its own connection held open for 1 s by the delay server; memory per in-flight
request is RSS and JS-heap growth at the peak over the baseline, each repetition in a fresh
process (RSS never shrinks back within one). The 16 KiB read buffer per connection is most of it.`,
  fibers: `The one-way switch of ferrite includes storing MXCSR and the x87 control word (callee-saved by the
ABI) and comparing them with the target's; the bare minimal switch (six registers) shows the
floor of this machine: both are dominated by the return-address misprediction of \`ret\` into a
different context, which is why neither reaches 10 ns here. swapcontext also saves the signal mask
with a system call. Spawn + run + exit with fresh stacks pays mmap, the guard (madvise) and the
first page fault of each stack; from the pool it pays a mincore (for the high-water mark) and the
JS call.`,
  slower: `Proposals, from the profiles above: (1) spawn: fewer allocations per task (the task as its own
waker and context, joins over JoinHandles without per-child wakers); (2) HTTP keep-alive tail latency: poll each connection's
exchange as soon as its readiness arrives instead of after the whole batch, and cut the
per-request allocations (Exchange, Headers maps, Response); (3) timers: Node's per-duration timer lists make same-duration timers O(1), where the
heap pays O(log n): a timer wheel would close it; (4) the fiber switch: skipping the x87 store
(fnstcw) when only MXCSR matters would cut a few ns.`,
};
