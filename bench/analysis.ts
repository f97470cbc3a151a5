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
  'runtime and reactor': `Figures are CPU time of this process per operation (both sides run in it), the only figure
the machine's other load leaves readable; throughput is beside it. Profiles: \`npm run bench --
--profile\`, then \`node bench/lib/profile-top.mjs bench/profiles/runtime-and-reactor\`.
**Spawn + join**: \`node --cpu-prof\` showed 42% of the CPU in the garbage collector, copying what
every live task keeps until the join ends (measured with --expose-gc: 226 B per spawned task and
72 B per joined handle, against 160 B for an async call in Promise.all). Since then the task is
its own Context and wake target (no Context/Waker per task), its flags share one field, a
JoinHandle keeps only its task, a FinalizationRegistry entry is made only when a task fails
unobserved, and \`joinAll\` over JoinHandles uses the join protocol (\`POLL_JOINED\`: the task tells
the join when it finishes, no context or waker per child). The GC is still the largest part:
what would close the rest is fewer live objects per task (a JoinHandle that is the task itself,
with the unobserved-failure net moved to an unregister token), not faster code.
**Timers**: the profile showed 36% in \`TimerQueue.fireDue\` (binary-heap sift-downs over 100,000
entries); timers are now bucketed by millisecond, O(1) amortised per timer (Node's per-duration
lists and tokio's wheel give the same), with exact sub-millisecond deadlines kept. The next
profile showed the GC (15%) keeping a context and a waker per sleep for the whole wait: a \`Sleep\`
now speaks the join protocol too, so a joined sleep's timer tells its join directly. With
20,000 timers the profile showed 27% in \`TimerFd.set\`: the timerfd was re-armed for every
distinct sub-millisecond deadline (a syscall and a wake each); it is now armed at the earliest
deadline rounded up to a millisecond (never early, at most 1 ms late, Node's resolution).
**Ping-pong**: \`strace -c\` counts per round trip: blockOn 2 sendto + 2 read + 2 epoll_wait, Node
\`net\` 2 write + 2 read + 2 epoll_pwait: the same six syscalls, and the profile is 80% inside
them (the loopback TCP path runs in the writer's system call), so blockOn sits at parity and
cannot reach 1.3 by JavaScript changes. In run mode ferrite used 8 (libuv's epoll_pwait on the
epoll fd, then ours): a drain now turns the reactor once more before giving Node its loop back
when the queue empties with budget left, which serves an answer that came at once without a
libuv wake-up (6 syscalls + 1/budget), adaptive so that a workload whose answers come later pays
one zero-timeout epoll_wait in eight drains. A short read now also clears readiness (epoll(7),
as tokio does), so a read never costs an extra syscall just to see WOULD_BLOCK; both sides read
into 64 KiB buffers, the size Node's \`net\` reads into.`,
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
  slower: `Proposals, from the profiles above: (1) spawn + join: fewer live objects per task (the JoinHandle
as the task itself); (2) ping-pong beyond parity needs fewer system calls than Node, which a
readiness design cannot get for one byte each way; run mode at parity relies on the drain's extra
turn; (3) HTTP keep-alive client CPU and tail latency (http-client): poll each connection's
exchange as soon as its readiness arrives instead of after the whole batch, and cut the
per-request allocations (Exchange, Headers maps, Response); (4) the fiber switch: skipping the
x87 store (fnstcw) when only MXCSR matters would cut a few ns.`,
};
