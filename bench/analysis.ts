// What profiling found, printed under each group of the report. Written by hand from
// `node --cpu-prof` runs (commands given); the figures themselves always come from the run.

export const ANALYSIS: Record<string, string> = {
  'epoll event delivery': `Both receivers get the same traffic from one writer process; with 1,000 connections the writer
is the limit for messages/s, so the telling figures are receiver CPU per message (close between
the two, within the run-to-run spread) and read events per second, where ferrite's \`poll\` +
\`read\` loop handles more readiness events than libuv + \`net\` delivers 'data' callbacks (no
Buffer per read, no stream machinery).`,
  'futures vs Promises': `Futures run through a minimal run loop (bench/lib/mini-executor.ts): a poll is a plain method
call and a wake a queue push, where an \`await\` costs a promise and a microtask. Each of its
tasks is its own context and wake target, as @ferrite/executor's are: with a \`Context\` and a
\`Waker\` made per task, 1,000,000 trivial tasks kept 170 bytes each alive (as much as an async
call plus Promise.all), 88% of the instructions per task were the garbage collector's
(callgrind, \`node --predictable\`), and the live set cost a second full GC the promise side does
not pay: 0.87 of Promise.all. Without the two objects: 106 bytes per task.`,
  'runtime and reactor': `Figures are CPU time of this process per operation (both sides run in it), the only figure
the machine's other load leaves readable; throughput is beside it. Profiles: \`npm run bench --
--profile\`, then \`node bench/lib/profile-top.mjs bench/profiles/runtime-and-reactor\`.
Instruction counts below are user-space instructions under \`valgrind --tool=callgrind\` with
\`node --predictable\` (a fixed workload, the difference of two sizes), which the machine's load
cannot move; GC shares in them still vary with V8's heap sizing.
**Spawn + join** (round 3, issue 15): the profile and \`--trace-deopt\` showed costs beyond object
size: a finished task kept its future's Ready alive, the join polled every handle a second time
through a list of woken children, and V8 recompiled the spawn path at each new runtime (a new
\`[]\` holds small integers until its first push). Now a finished task keeps only its output and
hands a value straight to its join (\`JoinSlot.markDone\`; the join is polled twice in all), the
ready queue is a chain of reused 1,024-slot blocks that clears each slot as its task is taken, a
task enters the executor's registry of unfinished tasks at its first wait rather than at spawn,
and a spawned task goes straight onto the queue. Bytes kept per task at the join's peak: 139 ->
17; instructions per task 6.2k -> 2.5-4.1k (the promise side 2.2-2.4k), of which GC is now about
level with the promise side and the rest is ferrite's own JavaScript (about 1.0-1.4k against
V8's builtin Promise.all at 0.1-0.7k). Same-session ratios moved from 0.58 to 0.94-1.39 between
runs of the same code, with spreads of ±11-26% on a machine loaded to 5-8 runnable processes:
level within noise, not yet steadily ahead. What would make it steady is fewer live bytes per
task (five fields plus the user's \`ready()\` future), e.g. one field shared by the scheduler
and the waker, not fewer calls: the spawn -> queue -> poll -> finish path is down to single
property writes.
**Timers**: bucketed by millisecond, O(1) amortised (round 2); a joined sleep's timer tells its
join directly; the timerfd is armed at the earliest deadline rounded up to a millisecond. Round 3:
a \`Sleep\` is its own timer entry of five fields (the waker or join slot share one, equal
deadlines keep their order through a stable sort instead of a sequence number): about 200 -> 118
bytes per pending sleep, 8.6-11.4k -> 6.7-7.6k instructions per timer, CPU per timer 962 ->
722-827 ns against setTimeout's 1,599-1,728 in the same runs (2.09-2.25). What is left unsteady
is the garbage collector: 100,000 sleeps are alive until they fire, and each round has 2-3
scavenges of 12-43 ms whose number varies from round to round (setTimeout's own spread is ±9-23%).
Keeping deadlines, targets and flags in typed arrays inside the queue would about halve what the
scavenger copies.
**Ping-pong, blockOn**: both sides make the same 6 system calls per round trip (2 sendto/write, 2
read, 2 epoll_wait/epoll_pwait; \`strace -f -c\`) and spend about 12 µs of kernel time on them
(loopback TCP runs inside the writer's system call; \`perf record\`: 62% of the CPU is in the
kernel). Round 3 removed three user-space costs: a native accessor call for the fd before every
read and write (12,500 of 38,000 instructions per round trip; the fd number now lives in
JavaScript), four objects per I/O operation (an IoFuture is its own waiter node), and a clock read
per reactor turn without timers: 38.1k -> 21.5k instructions per round trip against Node's
28.0-28.6k, user time 5.7 -> 4.1-4.4 µs against Node's 5.6-5.8 (\`process.cpuUsage\` in
interleaved rounds). With zero user time the ratio could not pass about 1.48, and 1.3 needs user
time under about 1.5-2 µs; N-API call machinery alone is a third of ours (napi_unwrap about 530
instructions a call, six calls per round trip). What would close it is fewer system calls per
round trip: io_uring submitting a send and the next receive together (this kernel has it:
\`io_uring_setup\` succeeds, \`io_uring_disabled\` is 0), or a per-environment handle table in
place of the unwrap (about 2%).
**Ping-pong, run mode**: the same 6 system calls per round trip as blockOn: the drain turns the
reactor once more before giving Node its loop back, which catches the loopback answer with no
libuv wake-up (libuv's epoll_pwait on our epoll fd runs about once per 61-poll drain).
Instructions per round trip 37.4k -> 22.3k; the remaining ~3.5% over blockOn is one Node loop turn
per drain (setImmediate, the check phase, the callback scope), the price of letting Node's loop
run between ferrite's batches.`,
  'HTTP client': `The server (one Node process) is the limit on this 2-core machine for keep-alive requests, so the
telling figure is the client's CPU per request. Split in interleaved rounds (\`process.cpuUsage\`,
10 x 4,000 requests): ferrite 15.4 µs user + 8.7 µs kernel after round 3 (19.7 + 10.1 before),
undici 16.9 + 7.8: JS bytes allocated per request 9,014 -> 7,261 (undici 10,220; \`--trace-gc-nvp\`).
Round 3 removed per request: a body-timeout Sleep when the body came with its head, a call into a
disabled debuglog, a malloc'd ArrayBuffer for a small body, the token list of a keep-alive check
without a Connection header. The target (ferrite ≤ 0.6 x undici's CPU) is not reachable this
way: kernel time is about 9 µs for both, so ferrite would need under about 9 µs of user time
instead of 15-20. System calls per request (\`strace -ff\`, 8,000 requests): ferrite 2.18 read
(one is the 1-byte check before reusing a pooled connection, kept: it is what stops a server's
stray bytes or FIN being read as the next response), 1.0 sendto, 0.28 timerfd_settime, 0.15
epoll_wait; undici 1.20 read, 1.07 write, 0.64 epoll_pwait. The timerfd is now re-armed only for
an earlier deadline (a cancelled headers timeout lets it fire early once, which fires nothing
and arms the real earliest): 1,679-1,865 -> 2 timerfd_settime calls per 8,000 requests. The profile's JavaScript: per-request
WeakRef tracking for \`client.close()\` 2.1%, the timerfd re-arm 1.9% (gone, below), framing 0.9%. What would
close it: a reusable deadline in the reactor instead of a new Sleep per phase, one idle sweep per
pool, in-flight tracking owned by the pool instead of a WeakRef per request, and a single
attempt-and-exchange object when there are no redirects. When ferrite's p99 is above a peer's,
it comes from serving every ready connection of one epoll turn in a batch. New-connection
throughput is ferrite's clear win: a non-blocking socket registered edge-triggered, no
per-socket stream objects.`,
  'HTTP 10,000 in flight': `Every request is its own connection, held by the delay server until all are in flight (1 s + 0.2 ms
per request); each repetition runs in a fresh process (RSS never shrinks back within one), ferrite
and undici alternating. "After a GC" is what the requests keep (a full GC at 3/4 of the hold);
"peak" is sampled every 50 ms with garbage included, what the machine sees. Round 3: connections
read into one scratch buffer per thread instead of a 16 KiB buffer each; a connection gets a
buffer of its own, sized to what it holds, only while it keeps unread bytes that another
connection's read would overwrite; a waiting request no longer holds its own request-bytes
ArrayBuffer, a head parser or a body timer. At 10,000 (scale benchmark, after a GC): 11.1 -> 5.5
KB per request in blockOn, 11.2 -> 5.8 KB in run mode; a heap snapshot gives 3.5 KB retained per
request (Exchange 208 B, RequestFuture 200, redirect follower 128, Connection 112, Attempt 104,
the WeakRef tracking for \`close()\` 104, strings about 250) and reactor objects per connection
(registration, waiters, streams), which a registration that owns its waiter lists and makes its
write side at first use took from 1,082 to 770 heap bytes per connected TcpStream (10,000
connections, after a GC). The rest of the RSS is V8's young generation and
fragmentation.`,
  'HTTPS client': `New connections with resumed sessions cost ferrite's client more CPU than Node's https (both run
OpenSSL 3.0 inside Node). A \`perf record\` of the client loop shows \`d2i_SSL_SESSION\` at 20.7% of
samples, mostly OpenSSL 3 decoding the peer certificate stored in the session. The session bytes
are decoded twice per connection: once by the check in \`connect()\` and once in native setup.
Node decodes them once. A per-environment cache of decoded sessions, handing each connection a
copy, took this to 5.6% in a trial build. It is held back until it has had its sanitizer run and
a measurement. Certificate checks on resumed sessions (0.6%) and the key share (X25519, about
3%, as Node's) are not the cause.`,
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
ephemeral ports), so those sizes are skipped and said so. Memory per in-flight request: see
"HTTP 10,000 in flight".`,
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
  slower: `Proposals, from the profiles above: (1) spawn + join: fewer live bytes per task (a field shared by
the scheduler and the waker); (2) timers: deadlines and targets in typed arrays inside the queue,
so that 100,000 pending sleeps give the scavenger half as much to copy; (3) ping-pong beyond 1.3
needs fewer system calls than Node's six per round trip (io_uring), which a readiness design
cannot get for one byte each way; (4) HTTP keep-alive client CPU: a reusable deadline per
exchange in the reactor, in-flight tracking by the pool, one object per attempt.`,
};
