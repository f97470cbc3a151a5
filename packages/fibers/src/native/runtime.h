// The fiber scheduler: the book's states (Available, Running, Ready) plus Waiting (on an fd
// through the runtime's own epoll set, or on a deadline), round-robin over a FIFO ready queue.
//
// Fibers always switch back to the scheduler's context (the Node thread's own stack) when they
// yield, wait, exit or need JavaScript; the scheduler then decides who runs next. That makes a
// call into JavaScript possible at all: it is made by the scheduler, on the main stack, never on
// a fiber stack.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <queue>
#include <unordered_map>
#include <vector>

#include "context.h"
#include "guard.h"
#include "stack.h"

namespace ferrite {

enum class FiberState { Available, Running, Ready, Waiting, CallingJs, Finished };

// A request from a fiber to call one of its JavaScript callbacks (made by the scheduler).
struct JsCall {
  int slot = 0;          // which callback of the task
  double args[4] = {0};
  int nargs = 0;
  double result = 0;     // the callback's return value, as a number
};

struct Fiber {
  int64_t id = 0;
  FiberState state = FiberState::Available;
  Context ctx;
  Stack stack;
  ferrite_fiber_fn fn = nullptr;
  void* arg = nullptr;
  std::function<void()> cleanup;  // frees what the task owns, when it finishes
  uint64_t wakeAt = 0;            // CLOCK_MONOTONIC ns, for sleeps (kNever: no deadline)
  int waitFd = -1;
  uint32_t waitEvents = 0;
  JsCall js;
  class Runtime* rt = nullptr;
  void* asanFakeStack = nullptr;  // ASan's fake-stack handle while switched out
};

struct Stats {
  uint64_t switches = 0;
  uint64_t spawned = 0;
  uint64_t finished = 0;
  uint64_t live = 0;
  uint64_t maxLive = 0;
  uint64_t stackHighWater = 0;  // most bytes any finished fiber's stack was touched
};

}  // namespace ferrite

struct ferrite_fiber_runtime {
  // Opaque to other addons; implemented by ferrite::Runtime.
  virtual ~ferrite_fiber_runtime() = default;
};

namespace ferrite {

class Runtime : public ferrite_fiber_runtime {
 public:
  Runtime(size_t stackSize, size_t maxFibers);
  ~Runtime() override;

  // A sleep deadline that never comes (a sleep too long for 64-bit nanoseconds).
  static constexpr uint64_t kNever = UINT64_MAX;

  // --- called from fibers (through the C API) ---
  int64_t Spawn(ferrite_fiber_fn fn, void* arg);
  // Makes sure the next `count` Spawns cannot fail (capacity checked, stacks mapped): 0 or -errno
  // (-EAGAIN: more than maxFibers). Lets a task that needs several fibers start all or none.
  int Reserve(size_t count);
  void Yield();
  int WaitFd(int fd, uint32_t events);
  void Sleep(uint64_t ms);  // saturates: a deadline past 2^64 ns is kNever
  double CallJs(int slot, std::initializer_list<double> args);
  Fiber* current() const { return current_; }

  // --- called from the scheduler side (the Node thread, main stack) ---
  // One round: every fiber ready at its start runs once. With `block`, waits for I/O, a
  // deadline or the wake fd when none is ready. Returns whether any fiber is still alive.
  bool Step(bool block);
  // The JS bridge: runs a fiber's JsCall on the main stack. Returning false means the call could
  // not be made or failed: the round stops at once, and the fiber, its call consumed, is first
  // in line for the next round (nothing else runs until the caller decides).
  std::function<bool(Fiber*)> onJsCall;
  // An fd (edge-triggered) whose readiness interrupts a blocking Step: the addon passes the
  // libuv loop's, so that a worker's terminate() wakes a run() blocked in epoll_wait.
  void SetWakeFd(int fd);
  // Whether the wake fd fired since the last call.
  bool TakeWoken() {
    bool w = woken_;
    woken_ = false;
    return w;
  }
  void Close();
  bool closed() const { return closed_; }
  // The errno that made the constructor fail (its epoll instance), or 0.
  int initError() const { return initError_; }
  Fiber* Find(int64_t id) const;
  const Stats& stats() const { return stats_; }
  size_t stackSize() const { return pool_.usable(); }
  size_t maxFibers() const { return maxFibers_; }
  const char* guardMode() const { return pool_.guardMode(); }
  size_t pooledStacks() const { return pool_.pooled(); }

  [[noreturn]] void ExitCurrent();

 private:
  void SwitchToScheduler();
  static void FiberMain(void* fiber);
  void Resume(Fiber* f);
  void Finish(Fiber* f);
  void PollWaiters(int timeoutMs);

  StackPool pool_;
  size_t maxFibers_;
  Context scheduler_;
  Fiber* current_ = nullptr;
  std::deque<Fiber*> ready_;
  std::vector<std::unique_ptr<Fiber>> spare_;   // finished Fiber objects, reused by Spawn
  std::unordered_map<int64_t, std::unique_ptr<Fiber>> live_;
  int64_t nextId_ = 1;
  using Timer = std::pair<uint64_t, Fiber*>;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers_;
  size_t waitingOnFd_ = 0;
  int epfd_ = -1;
  // The scheduler's (main) stack, as ASan learns it when a fiber first runs.
  const void* mainStackBottom_ = nullptr;
  size_t mainStackSize_ = 0;
  bool closed_ = false;
  int initError_ = 0;
  bool woken_ = false;
  // This runtime's entry in the guard-page handler's table (null: not named on overflow).
  GuardSlot* guard_ = nullptr;
  Stats stats_;
};

}  // namespace ferrite
