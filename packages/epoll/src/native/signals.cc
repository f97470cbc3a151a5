#include "signals.h"

#include <sched.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <mutex>

namespace ferrite::signals {

namespace {

// A listener's eventfd. `busy` counts handlers between reading `fd` and finishing their write,
// so Unlisten can wait them out before the fd is closed (and its number reused).
struct Slot {
  std::atomic<int> fd{-1};
  std::atomic<int> busy{0};
};

Slot g_slots[kMaxSignal + 1][kSlotsPerSignal];
std::atomic<int> g_listeners[kMaxSignal + 1];
struct sigaction g_previous[kMaxSignal + 1];  // what we chain to; written under g_mutex
std::mutex g_mutex;                           // Listen/Unlisten/Reassert, never the handler

void OnSignal(int signo, siginfo_t* info, void* uctx) {
  int saved = errno;
  for (Slot& slot : g_slots[signo]) {
    if (slot.fd.load(std::memory_order_relaxed) < 0) continue;
    slot.busy.fetch_add(1);
    int fd = slot.fd.load();
    if (fd >= 0) {
      uint64_t one = 1;
      // EAGAIN means the counter is saturated: the fd is readable anyway.
      (void)!write(fd, &one, sizeof(one));
    }
    slot.busy.fetch_sub(1);
  }
  const struct sigaction& prev = g_previous[signo];
  if (prev.sa_flags & SA_RESETHAND) {
    // A one-shot handler stands for the default action: Node's own SIGINT/SIGTERM handler resets
    // the terminal and re-raises the signal to die of it. Chaining to it would re-raise into us
    // for ever (and end the process we are listening for).
  } else if (prev.sa_flags & SA_SIGINFO) {
    if (prev.sa_sigaction != nullptr) prev.sa_sigaction(signo, info, uctx);
  } else if (prev.sa_handler != SIG_DFL && prev.sa_handler != SIG_IGN && prev.sa_handler != nullptr) {
    prev.sa_handler(signo);
  }
  // SIG_DFL is not chained to either: listening for a signal replaces its default action (as
  // tokio's signal streams do), which is how a program shuts down gracefully on Ctrl-C.
  errno = saved;
}

bool IsOurs(const struct sigaction& sa) { return (sa.sa_flags & SA_SIGINFO) && sa.sa_sigaction == OnSignal; }

void InstallOver(int signo, const struct sigaction& current) {
  g_previous[signo] = current;
  struct sigaction ours {};
  ours.sa_sigaction = OnSignal;
  ours.sa_flags = SA_SIGINFO | SA_RESTART | SA_ONSTACK;
  sigemptyset(&ours.sa_mask);
  sigaction(signo, &ours, nullptr);
}

bool Catchable(int signo) {
  if (signo < 1 || signo > kMaxSignal) return false;
  switch (signo) {
    // Cannot be caught, or are synchronous faults that V8 and the fibers addon handle.
    case SIGKILL:
    case SIGSTOP:
    case SIGSEGV:
    case SIGBUS:
    case SIGFPE:
    case SIGILL:
    case SIGTRAP:
      return false;
    default:
      return true;
  }
}

}  // namespace

int Listen(int signo, int eventFd) {
  if (!Catchable(signo)) return EINVAL;
  std::lock_guard<std::mutex> lock(g_mutex);
  for (Slot& slot : g_slots[signo]) {
    int expected = -1;
    if (!slot.fd.compare_exchange_strong(expected, eventFd)) continue;
    if (g_listeners[signo].fetch_add(1) == 0) {
      struct sigaction current {};
      sigaction(signo, nullptr, &current);
      InstallOver(signo, current);
    }
    return 0;
  }
  return ENOSPC;
}

void Unlisten(int signo, int eventFd) {
  if (signo < 1 || signo > kMaxSignal) return;
  std::lock_guard<std::mutex> lock(g_mutex);
  for (Slot& slot : g_slots[signo]) {
    int expected = eventFd;
    if (!slot.fd.compare_exchange_strong(expected, -1)) continue;
    // A handler on another thread may be writing to it; one on this thread has already finished.
    while (slot.busy.load() != 0) sched_yield();
    if (g_listeners[signo].fetch_sub(1) == 1) {
      struct sigaction current {};
      sigaction(signo, nullptr, &current);
      if (IsOurs(current)) sigaction(signo, &g_previous[signo], nullptr);
    }
    return;
  }
}

void Reassert() {
  std::lock_guard<std::mutex> lock(g_mutex);
  for (int signo = 1; signo <= kMaxSignal; signo++) {
    if (g_listeners[signo].load() == 0) continue;
    struct sigaction current {};
    sigaction(signo, nullptr, &current);
    if (!IsOurs(current)) InstallOver(signo, current);
  }
}


}  // namespace ferrite::signals
