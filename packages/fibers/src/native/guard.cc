// Stack overflow in a fiber hits its guard page. This SIGSEGV handler, running on an alternate
// signal stack (the fiber's own stack is exhausted), recognises faults inside the guard page of
// the fiber running on some runtime, reports them naming the fiber, and lets the process die of
// the fault. Every other fault goes to the handler installed before ours (V8's, which turns
// WebAssembly out-of-bounds accesses into a catchable RuntimeError this way) or to the default
// action.
//
// A signal handler is per process by nature, so this file holds the addon's changing
// process-global state: the handler, the slot table, the count of open runtimes, and per thread
// the alternate signal stack. (The only other global is the `recurse` task's frame size in
// tasks.cc, measured once and read-only after.) The handler's lifetime is tied to the runtimes,
// not to the addon: installed when the first runtime of the process opens, the previous handler
// restored when the last one closes.
// Node dlclose()s an addon when the last environment that loaded it ends (a worker thread);
// a handler left behind would make the next SIGSEGV, V8's WebAssembly traps included, jump into
// unmapped code. The addon is also linked with -z nodelete (CMakeLists.txt), so that even a
// handler we could not take back (another one was installed over ours and may chain to it)
// stays mapped.
#include "guard.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace ferrite {

namespace {

constexpr int kMaxSlots = 256;
constexpr size_t kAltStackBytes = 64 * 1024;
constexpr size_t kAltStackMin = 32 * 1024;  // an existing alternate stack this big is used as is

GuardSlot g_slots[kMaxSlots];

// The handler's lifecycle, changed only under g_mutex.
std::mutex g_mutex;
size_t g_open = 0;         // runtimes open in the process
bool g_inChain = false;    // our handler is installed (or another one installed over it chains to it)
struct sigaction g_previous {};  // what OnSegv chains to

// Per thread: how many runtimes are open on it, and the alternate stack we gave it (malloc'd;
// registered with the kernel while non-null) with the one it had before.
thread_local size_t t_open = 0;
thread_local void* t_altStack = nullptr;
thread_local stack_t t_previousAlt{};

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
  auto addr = reinterpret_cast<uintptr_t>(info->si_addr);
  for (GuardSlot& slot : g_slots) {
    int64_t id = slot.fiber.load(std::memory_order_acquire);
    if (id == 0) continue;
    if (addr >= slot.low.load(std::memory_order_relaxed) && addr < slot.high.load(std::memory_order_relaxed)) {
      char msg[256];
      int n = snprintf(msg, sizeof msg, "ferrite: fatal: fiber %lld overflowed its stack (%zu KiB): guard page hit at %p\n",
                       static_cast<long long>(id), slot.stackBytes.load(std::memory_order_relaxed) / 1024, info->si_addr);
      if (n > 0) (void)!write(STDERR_FILENO, msg, static_cast<size_t>(n));
      signal(sig, SIG_DFL);
      return;
    }
  }
  Chain(sig, info, uctx);
}

bool SameHandler(const struct sigaction& a, const struct sigaction& b) {
  return a.sa_flags == b.sa_flags && ((a.sa_flags & SA_SIGINFO) ? a.sa_sigaction == b.sa_sigaction : a.sa_handler == b.sa_handler);
}

void InstallLocked() {
  if (g_inChain) return;
  struct sigaction current {};
  if (sigaction(SIGSEGV, nullptr, &current) != 0) return;
  // Rewritten only when it changed: a fault on another thread may be reading it in OnSegv.
  if (!SameHandler(current, g_previous)) g_previous = current;
  struct sigaction ours {};
  ours.sa_sigaction = OnSegv;
  ours.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&ours.sa_mask);
  if (sigaction(SIGSEGV, &ours, nullptr) == 0) g_inChain = true;
}

void UninstallLocked() {
  if (!g_inChain) return;
  struct sigaction current {};
  if (sigaction(SIGSEGV, nullptr, &current) != 0) return;
  // Only if ours is still the installed one. A handler installed after ours may chain to it;
  // taking ours out from under it is impossible, so it stays (mapped for good: -z nodelete).
  if (!(current.sa_flags & SA_SIGINFO) || current.sa_sigaction != OnSegv) return;
  if (sigaction(SIGSEGV, &g_previous, nullptr) == 0) g_inChain = false;
}

// The first runtime of a thread: an alternate stack for the handler, unless the thread has a
// big enough one already (Node's, the sanitizer's, the embedder's), which is then used as is.
void EnableAltStack() {
  stack_t current{};
  if (sigaltstack(nullptr, &current) != 0) return;
  if (!(current.ss_flags & SS_DISABLE) && current.ss_size >= kAltStackMin) return;
  stack_t alt{};
  alt.ss_size = kAltStackBytes;
  alt.ss_sp = malloc(alt.ss_size);
  if (alt.ss_sp == nullptr) return;
  if (sigaltstack(&alt, nullptr) != 0) {
    free(alt.ss_sp);
    return;
  }
  t_altStack = alt.ss_sp;
  t_previousAlt = current;
}

// The last runtime of a thread closed: give the thread back the alternate stack it had and free
// ours. Freed only once the kernel no longer refers to it: if it is not the registered one any
// more (someone replaced it) or a handler is running on it, it is kept rather than freed.
void DisableAltStack() {
  if (t_altStack == nullptr) return;
  stack_t current{};
  if (sigaltstack(nullptr, &current) != 0 || current.ss_sp != t_altStack || (current.ss_flags & SS_ONSTACK)) return;
  stack_t previous = t_previousAlt;
  previous.ss_flags &= SS_DISABLE;
  if (sigaltstack(&previous, nullptr) != 0) return;
  free(t_altStack);
  t_altStack = nullptr;
}

}  // namespace

GuardSlot* OpenGuard(size_t stackBytes) {
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    if (g_open++ == 0) InstallLocked();
  }
  if (t_open++ == 0) EnableAltStack();
  for (GuardSlot& slot : g_slots) {
    bool expected = false;
    if (slot.used.compare_exchange_strong(expected, true, std::memory_order_acq_rel)) {
      slot.fiber.store(0, std::memory_order_relaxed);
      slot.stackBytes.store(stackBytes, std::memory_order_relaxed);
      return &slot;
    }
  }
  return nullptr;
}

void CloseGuard(GuardSlot* slot) {
  if (slot != nullptr) {
    slot->fiber.store(0, std::memory_order_relaxed);
    slot->used.store(false, std::memory_order_release);
  }
  if (t_open > 0 && --t_open == 0) DisableAltStack();
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_open > 0 && --g_open == 0) UninstallLocked();
}

}  // namespace ferrite
