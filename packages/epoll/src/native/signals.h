// Process signals delivered to eventfds, so a reactor can wait for SIGINT like any other source.
//
// signalfd would be the obvious tool, but it only sees a process-directed signal when every
// thread of the process blocks it, and Node's threads (libuv's pool, V8's platform, workers) are
// not ours to mask. So, as tokio does, a handler of our own (installed with sigaction, chaining to
// whatever handler was there before) adds 1 to each eventfd listening for that signal.
//
// This is the addon's one piece of process-global state, as signal dispositions are per process:
// a fixed table of listener slots read by the handler with atomics only (async-signal-safe).
#pragma once

namespace ferrite::signals {

constexpr int kMaxSignal = 64;
constexpr int kSlotsPerSignal = 256;  // listeners of one signal across the process (workers too)

// Starts delivering `signo` to `eventFd`. Returns 0, or an errno (EINVAL for a signal that cannot
// or must not be caught, ENOSPC when every slot for it is taken).
int Listen(int signo, int eventFd);

// Stops delivering to `eventFd`; waits until no handler is writing to it, so the caller may close
// it at once. When the last listener of `signo` goes, the previous disposition comes back (unless
// somebody installed another handler over ours since, which is then left alone).
void Unlisten(int signo, int eventFd);

// Puts our handler back on top for every signal with listeners, if another handler replaced it
// (libuv installs its own when JavaScript adds a process.on('SIGINT') listener, and restores the
// default action when the last one goes). The handler that replaced ours is chained to. Called
// by the TS layer right after Node changes its listeners (process 'newListener'/'removeListener').
void Reassert();

}  // namespace ferrite::signals
