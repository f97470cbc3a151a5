// Stack overflow in a fiber hits its guard page. This SIGSEGV handler, running on an alternate
// signal stack (the fiber's own stack is exhausted), recognises faults inside the guard page of
// the fiber running on some runtime, reports them naming the fiber, and lets the process die of
// the fault. Every other fault goes to the handler installed before ours (V8's, which handles
// WebAssembly out-of-bounds traps this way) or to the default action.
//
// This is the one piece of process-global state in the addon: a signal handler is per process
// by nature. Runtimes register in a fixed array of atomics that the handler can read safely.
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "runtime.h"

namespace ferrite {

namespace {

constexpr int kMaxRuntimes = 256;
std::atomic<Runtime*> g_runtimes[kMaxRuntimes];
struct sigaction g_previous;
std::once_flag g_installed;
thread_local bool t_altStack = false;

void Chain(int sig, siginfo_t* info, void* uctx) {
  if (g_previous.sa_flags & SA_SIGINFO) {
    if (g_previous.sa_sigaction != nullptr) return g_previous.sa_sigaction(sig, info, uctx);
  } else if (g_previous.sa_handler != SIG_DFL && g_previous.sa_handler != SIG_IGN) {
    return g_previous.sa_handler(sig);
  }
  // Default action: restore it; returning re-executes the faulting instruction, which then
  // terminates the process with the original signal.
  signal(sig, SIG_DFL);
}

void OnSegv(int sig, siginfo_t* info, void* uctx) {
  auto addr = reinterpret_cast<char*>(info->si_addr);
  for (auto& slot : g_runtimes) {
    Runtime* rt = slot.load(std::memory_order_acquire);
    if (rt == nullptr) continue;
    Fiber* f = rt->running.load(std::memory_order_relaxed);
    if (f == nullptr) continue;
    // The guard page, or just below it (a frame that skipped past the page start).
    if (addr >= f->stack.base - 65536 && addr < f->stack.usableLow()) {
      char msg[256];
      int n = snprintf(msg, sizeof msg,
                       "ferrite: fatal: fiber %lld overflowed its stack (%zu KiB): guard page hit at %p\n",
                       static_cast<long long>(f->id), rt->stackSize() / 1024, info->si_addr);
      if (n > 0) (void)!write(STDERR_FILENO, msg, static_cast<size_t>(n));
      signal(sig, SIG_DFL);
      return;
    }
  }
  Chain(sig, info, uctx);
}

void EnsureAltStack() {
  if (t_altStack) return;
  stack_t current{};
  if (sigaltstack(nullptr, &current) == 0 && !(current.ss_flags & SS_DISABLE) && current.ss_size >= 32768) {
    t_altStack = true;
    return;
  }
  // One per thread that ever made a runtime, for the thread's lifetime (the kernel refers to it
  // until the thread ends).
  stack_t alt{};
  alt.ss_size = 64 * 1024;
  alt.ss_sp = malloc(alt.ss_size);
  if (alt.ss_sp != nullptr && sigaltstack(&alt, nullptr) == 0) t_altStack = true;
}

}  // namespace

void RegisterGuardHandler(Runtime* rt) {
  std::call_once(g_installed, [] {
    struct sigaction sa {};
    sa.sa_sigaction = OnSegv;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, &g_previous);
  });
  EnsureAltStack();
  for (auto& slot : g_runtimes) {
    Runtime* expected = nullptr;
    if (slot.compare_exchange_strong(expected, rt)) return;
  }
}

void UnregisterGuardHandler(Runtime* rt) {
  for (auto& slot : g_runtimes) {
    Runtime* expected = rt;
    if (slot.compare_exchange_strong(expected, nullptr)) return;
  }
}

}  // namespace ferrite
