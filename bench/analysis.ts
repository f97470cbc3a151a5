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
every live task keeps until the join ends. Round 2 (issue 15) measured it deterministically:
user-space instructions per task under \`valgrind --tool=callgrind\` with \`node --predictable\`
(a fixed workload: 3 x 100,000 spawn + join), against a stripped-down model of the same flow to see
what costs: a separate JoinHandle object per task, and every task field past seven, cost
disproportionately (V8 copies each live task through the young generation). So now the handle
*is* the task (its context, wake target and outcome: five fields, the join index packed in the
flags, the rare \`then\` promise in a WeakMap, the forgotten-handle registry keyed by the handle
and holding only the error); the executor's registry of live tasks is an array trimmed in order
(the blockOn/run futures kept apart so that they never block the trim; out of order, a
compaction holds at most 2 x live + 256 finished tasks past their handles) instead of a
doubly-linked list through the tasks (its links between old and young tasks cost
write barriers and remembered-set entries: a third of the time); a finished task hands on its
future's Ready; \`joinAll\` makes per-child contexts only for children that need one; and a
zero-timeout look at a reactor with no source skips \`epoll_wait\`. Instructions per task: 7.8k
-> 4.7k after the first two steps (the promise side: 2.7k); CPU ratio in ABAB rounds of
\`/tmp\` harnesses 0.48 -> 0.6 -> 0.8. The GC is still a third to a half of the profile: the
rest of the gap is the live bytes per task (the task, the user's future, the handles array,
the join's copy of it, the ready queue) against V8's builtin Promise.all, which allocates its
per-element closures in C++-generated code with no JS calls in between; what would close it is
a join that takes over the handles array instead of copying it, and a task that stores its
future's output without keeping the future.
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
ABI) and comparing them with the target's, loading each only when it differs (ldmxcsr and fldcw
serialise the FP units; the store is cheap). Moving the two stores ahead of the pushes (into the
red zone) made no difference measurable under this machine's load in a standalone C++ loop of
20 million switches; the switch was left as it is. The bare minimal switch (six registers) shows the
floor of this machine: both are dominated by the return-address misprediction of \`ret\` into a
different context, which is why neither reaches 10 ns here. swapcontext also saves the signal mask
with a system call. Spawn + run + exit with fresh stacks pays mmap, the guard (madvise) and the
first page fault of each stack; from the pool it pays a mincore (for the high-water mark) and the
JS call.`,
  scale: `Each size runs in a fresh process, after warm-up rounds of up to 2,000 items; CPU is the main
thread's (\`/proc/thread-self/schedstat\`), since process CPU time also counts V8's compiler and
GC helper threads and the module loader's, which made the per-item figure at 1,000 items swing
30-fold. The ratio column is the per-item figure at that size over the smallest size's: below
1.00 the fixed costs (the runtime, its reactor, the warm timers) are spread thinner; near 1.00
the cost per item is flat. Sockets take two file descriptors each (one here, one in the peer
process) and the hard limit here is 20,000: 100,000 idle connections or in-flight requests would
need a raised \`ulimit -Hn\` (and more than one loopback address or server port for the
ephemeral ports), so those sizes are skipped and said so. Memory per in-flight request is
http-client's (its read buffer per connection is most of it), which this round did not change.`,
  uploads: `ferrite asks for \`100 Continue\` before a body over 1 MiB (its default, as curl), undici does
not: one loopback round trip more per 10 MiB upload, kept because it is what a user gets. A peak
RSS is the garbage collector's lag behind the 64 KiB slices read and written, so it grows with the
machine's load; neither client holds a body (quiet machine, \`lib/upload-rss.ts\` alone: 34-35 MiB
for ferrite vs 64-67 for undici). Where the JSON POST's extra CPU goes: not into system calls
(\`strace -c\` of 2,000 sequential requests: the same counts for a POST of 1 KiB JSON as for a GET,
one \`sendto\` per request, head and body in one write) but into JavaScript on the request path:
in a \`--cpu-prof\`, after the socket calls come \`jsonBody\` (JSON.stringify + TextEncoder copy,
4.3%) and \`buildBodyRequest\` (2.9%). Encoding the JSON straight into the head's write buffer
would close most of it.`,
  slower: `Proposals, from the profiles above: (1) spawn + join: the join taking over the handles array,
and a task that keeps its future's output but not the future (see the runtime section); (2) ping-pong beyond parity needs fewer system calls than Node, which a
readiness design cannot get for one byte each way; run mode at parity relies on the drain's extra
turn; (3) HTTP keep-alive client CPU and tail latency (http-client): poll each connection's
exchange as soon as its readiness arrives instead of after the whole batch, and cut the
per-request allocations (Exchange, Headers maps, Response).`,
};
