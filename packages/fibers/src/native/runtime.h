// The fiber scheduler: the book's states (Available, Running, Ready) plus Waiting (on an fd
// through the runtime's own epoll set, or on a deadline), round-robin over a FIFO ready queue.
//
// Fibers always switch back to the scheduler's context (the Node thread's own stack) when they
// yield, wait, exit or need JavaScript; the scheduler then decides who runs next. That makes a
// call into JavaScript possible at all: it is made by the scheduler, on the main stack, never on
// a fiber stack.
#pragma once

#include <pthread.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <queue>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "context.h"
#include "ferrite/fibers.h"
#include "guard.h"
#include "stack.h"

namespace ferrite {

enum class FiberState { Available, Running, Ready, Waiting, CallingJs, Finished };

// A request from a fiber to call JavaScript (made by the scheduler, on the main stack): one of a
// shipped task's callbacks (channel 0: `slot`, numbers in, a number out), or a function registered
// with runtime.channel() for the C API's call_js (`values` in, `value` and `status` out).
struct JsCall {
  int slot = 0;          // which callback of the task
  double args[4] = {0};
  int nargs = 0;
  double result = 0;     // the callback's return value, as a number
  uint32_t channel = 0;  // > 0: a channel call
  const ferrite_fiber_value* values = nullptr;  // on the calling fiber's stack, read while it is parked
  size_t nvalues = 0;
  ferrite_fiber_value value{};  // the result; strings and bytes point into Fiber::resultBuf
  int status = 0;               // 0, FERRITE_FIBER_THREW or -errno
};

struct Fiber {
  int64_t id = 0;
  FiberState state = FiberState::Available;
  Context ctx;
  Stack stack;
  ferrite_fiber_fn fn = nullptr;
  void* arg = nullptr;
  // Frees what the body owns: once, when it returns or when the runtime drops it unfinished.
  std::function<void()> cleanup;
  uint64_t timerSeq = 0;  // the armed timer's sequence number (0: none; stale heap entries differ)
  bool timedOut = false;  // the last fd wait ended by its timeout
  int waitFd = -1;
  JsCall js;
  std::string resultBuf;  // a channel call's string or bytes result, until the next call
  class Runtime* rt = nullptr;
  void* asanFakeStack = nullptr;  // ASan's fake-stack handle while switched out
};

struct Stats {
  uint64_t switches = 0;
  uint64_t spawned = 0;
  uint64_t finished = 0;
  uint64_t live = 0;
  uint64_t maxLive = 0;
  uint64_t stackHighWater = 0;  // most bytes of any stack touched, as of the last StackHighWater()
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

  // --- called from fibers (through the C API, capi.cc, which checks InFiber first) ---
  int64_t Spawn(ferrite_fiber_fn fn, void* arg);
  // Makes sure the next `count` Spawns cannot fail (capacity checked, stacks mapped): 0 or -errno
  // (-EAGAIN: more than maxFibers). Lets a task that needs several fibers start all or none.
  int Reserve(size_t count);
  void Yield();
  // 0 when ready, -ETIMEDOUT after timeoutMs (< 0: none), or epoll_ctl's -errno.
  int WaitFd(int fd, uint32_t events, int64_t timeoutMs);
  void Sleep(uint64_t ms);  // saturates: a deadline past 2^64 ns is kNever
  double CallJs(int slot, std::initializer_list<double> args);
  // The C API's call_js: the JsCall's status (see ferrite/fibers.h).
  int CallChannel(uint32_t channel, const ferrite_fiber_value* values, size_t n, ferrite_fiber_value* out);
  Fiber* current() const { return current_; }
  // Whether the caller is a fiber of this runtime, running now, on the owning thread.
  bool InFiber() const {
    return OnOwnerThread() && current_ != nullptr && current_->state == FiberState::Running;
  }
  bool OnOwnerThread() const { return pthread_equal(owner_, pthread_self()) != 0; }

  // --- called from the scheduler side (the Node thread, main stack) ---
  // One round: every fiber ready at its start runs once. With `block`, waits for I/O, a
  // deadline or the wake fd when none is ready. Returns whether any fiber is still alive.
  bool Step(bool block);
  // Whether the last blocking Step found nothing that could ever wake a fiber (every live one
  // sleeps forever: no fd wait, no timer) and returned instead of blocking for good.
  bool stuck() const { return stuck_; }
  // The JS bridge: runs a fiber's JsCall on the main stack. Returning false means the call could
  // not be made or failed: the round stops at once, and the fiber, its call consumed, is first
  // in line for the next round (nothing else runs until the caller decides).
  std::function<bool(Fiber*)> onJsCall;
  // An fd (edge-triggered) whose readiness interrupts a blocking Step: the addon passes the
  // libuv loop's, so that a worker's terminate() wakes a run() blocked in epoll_wait.
  void SetWakeFd(int fd);
  void ClearWakeFd(int fd);
  // For the Node-loop mode: an eventfd in the epoll set that a Spawn from outside Step makes
  // readable, so that a fiber spawned between batches (by any addon) gets its turn. 0 or -errno.
  int EnableKick();
  // 0 if a fiber is ready, the ms until the earliest deadline, or -1 (only fd waits or nothing).
  int64_t NextWakeMs() const;
  int epollFd() const { return epfd_; }
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
  // Most bytes any of its fibers (finished or alive) has touched of its stack: one mincore per
  // stack, so for stats(), not for a hot path. Updates stats().stackHighWater.
  uint64_t StackHighWater();
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
  bool Round(bool block);
  void PollWaiters(int timeoutMs);
  void ArmTimer(Fiber* f, uint64_t deadline);
  void Wake(Fiber* f);

  StackPool pool_;
  size_t maxFibers_;
  Context scheduler_;
  Fiber* current_ = nullptr;
  std::deque<Fiber*> ready_;
  std::vector<std::unique_ptr<Fiber>> spare_;   // finished Fiber objects, reused by Spawn
  std::unordered_map<int64_t, std::unique_ptr<Fiber>> live_;
  int64_t nextId_ = 1;
  // (deadline, sequence, fiber): an entry whose sequence is no longer the fiber's timerSeq is stale
  // (the fiber woke otherwise) and is dropped when it surfaces, or by a compaction.
  using Timer = std::tuple<uint64_t, uint64_t, Fiber*>;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers_;
  uint64_t nextSeq_ = 1;
  size_t staleTimers_ = 0;
  size_t waitingOnFd_ = 0;
  int epfd_ = -1;
  int kickFd_ = -1;
  bool kicked_ = false;
  bool inStep_ = false;
  pthread_t owner_ = pthread_self();
  // The scheduler's (main) stack, as ASan learns it when a fiber first runs.
  const void* mainStackBottom_ = nullptr;
  size_t mainStackSize_ = 0;
  bool closed_ = false;
  int initError_ = 0;
  bool woken_ = false;
  bool stuck_ = false;  // see stuck()
  // This runtime's entry in the guard-page handler's table (null: not named on overflow).
  GuardSlot* guard_ = nullptr;
  Stats stats_;
};

}  // namespace ferrite
