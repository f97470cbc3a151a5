// The guard-page reporter: a SIGSEGV handler that names the fiber whose stack overflowed.
// It is installed while at least one runtime is open in the process and restored to the previous
// handler when the last one closes; each thread with an open runtime has an alternate signal
// stack for it (an overflowing fiber has no stack left to run a handler on).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace ferrite {

// What the handler knows about one runtime: the guard range of the fiber it runs right now.
// The handler reads only these atomics, never a Runtime (another thread may be freeing it).
struct GuardSlot {
  std::atomic<bool> used{false};
  std::atomic<int64_t> fiber{0};      // the running fiber's id; 0 while none runs
  std::atomic<uintptr_t> low{0};      // [low, high): its guard page and 64 KiB below it
  std::atomic<uintptr_t> high{0};
  std::atomic<size_t> stackBytes{0};  // usable stack size, for the report

  // Set by the scheduler around every switch into a fiber (the owning thread only).
  void Enter(int64_t id, const char* guardLow, const char* guardHigh) {
    low.store(reinterpret_cast<uintptr_t>(guardLow) - 65536, std::memory_order_relaxed);
    high.store(reinterpret_cast<uintptr_t>(guardHigh), std::memory_order_relaxed);
    fiber.store(id, std::memory_order_release);
  }
  void Leave() { fiber.store(0, std::memory_order_relaxed); }
};

// Called on the runtime's own thread when it opens / closes. Open installs the handler if it is
// not installed and gives the thread an alternate stack; it returns the runtime's slot, or null
// when every slot is taken (that runtime's overflows are then not named, just fatal). Close
// frees the slot; the last runtime of the thread releases the thread's alternate stack, the
// last of the process restores the previous handler.
GuardSlot* OpenGuard(size_t stackBytes);
void CloseGuard(GuardSlot* slot);

}  // namespace ferrite
