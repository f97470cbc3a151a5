#include "runtime.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>

#if defined(FERRITE_VALGRIND)
#include <valgrind/valgrind.h>
#endif
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#endif

namespace ferrite {

namespace {

uint64_t NowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

// now + ms, saturating: a deadline past 2^64 ns must not wrap around into the past.
uint64_t DeadlineAfter(uint64_t ms) {
  uint64_t now = NowNs();
  return ms >= (Runtime::kNever - now) / 1000000ull ? Runtime::kNever : now + ms * 1000000ull;
}

}  // namespace

Runtime::Runtime(size_t stackSize, size_t maxFibers) : pool_(stackSize), maxFibers_(maxFibers) {
  epfd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epfd_ < 0) initError_ = errno;
  guard_ = OpenGuard(pool_.usable());
}

Runtime::~Runtime() { Close(); }

void Runtime::Close() {
  if (closed_) return;
  closed_ = true;
  CloseGuard(guard_);
  guard_ = nullptr;
  // Unfinished fibers are dropped: their stacks are unmapped without unwinding (a fiber is
  // native code that the scheduler never resumes again); their task data is freed.
  for (auto& [id, f] : live_) {
    if (f->cleanup) f->cleanup();
    pool_.Release(f->stack);
  }
  live_.clear();
  ready_.clear();
  timers_ = {};
  spare_.clear();
  pool_.Clear();
  staleTimers_ = 0;
  waitingOnFd_ = 0;
  if (epfd_ >= 0) close(epfd_);
  epfd_ = -1;
  if (kickFd_ >= 0) close(kickFd_);
  kickFd_ = -1;
}

Fiber* Runtime::Find(int64_t id) const {
  auto it = live_.find(id);
  return it == live_.end() ? nullptr : it->second.get();
}

int Runtime::Reserve(size_t count) {
  if (closed_) return -EBADF;
  if (count > maxFibers_ - live_.size()) return -EAGAIN;
  return pool_.Reserve(count) ? 0 : -errno;
}

int64_t Runtime::Spawn(ferrite_fiber_fn fn, void* arg) {
  // The thread first: another thread must not read closed_ (or anything) while the owner changes it.
  if (!OnOwnerThread()) return -EPERM;
  if (closed_) return -EBADF;
  if (fn == nullptr) return -EINVAL;
  if (live_.size() >= maxFibers_) return -EAGAIN;
  std::unique_ptr<Fiber> f;
  if (!spare_.empty()) {
    f = std::move(spare_.back());
    spare_.pop_back();
    *f = Fiber{};
  } else {
    f = std::make_unique<Fiber>();
  }
  if (!pool_.Acquire(&f->stack)) return -errno;
  f->id = nextId_++;
  f->fn = fn;
  f->arg = arg;
  f->rt = this;
  f->state = FiberState::Ready;
  InitContext(&f->ctx, f->stack.top(), FiberMain, f.get(), this);
  Fiber* raw = f.get();
  live_.emplace(raw->id, std::move(f));
  ready_.push_back(raw);
  stats_.spawned++;
  stats_.live = live_.size();
  if (stats_.live > stats_.maxLive) stats_.maxLive = stats_.live;
  // Between batches of the Node-loop mode nobody would look at the ready queue: say so.
  if (kickFd_ >= 0 && !inStep_ && !kicked_) {
    uint64_t one = 1;
    kicked_ = write(kickFd_, &one, sizeof one) == sizeof one;
  }
  return raw->id;
}

// The first code every fiber runs (on its own stack): completes the sanitizer's view of the
// switch that started it, then runs the task. Returning ends in the exit hook.
void Runtime::FiberMain(void* fiber) {
  auto* f = static_cast<Fiber*>(fiber);
#if defined(__SANITIZE_ADDRESS__)
  __sanitizer_finish_switch_fiber(nullptr, &f->rt->mainStackBottom_, &f->rt->mainStackSize_);
#endif
  f->fn(f->arg);
}

// Runs `f` until it switches back to the scheduler.
void Runtime::Resume(Fiber* f) {
  current_ = f;
  f->state = FiberState::Running;
  if (guard_ != nullptr) guard_->Enter(f->id, f->stack.base, f->stack.usableLow());
  stats_.switches += 2;
#if defined(FERRITE_VALGRIND)
  unsigned vg = VALGRIND_STACK_REGISTER(f->stack.usableLow(), f->stack.top());
#endif
#if defined(__SANITIZE_ADDRESS__)
  void* fake = nullptr;
  __sanitizer_start_switch_fiber(&fake, f->stack.usableLow(), f->stack.top() - f->stack.usableLow());
#endif
  ferrite_switch(&scheduler_, &f->ctx);
#if defined(__SANITIZE_ADDRESS__)
  __sanitizer_finish_switch_fiber(fake, nullptr, nullptr);
#endif
#if defined(FERRITE_VALGRIND)
  VALGRIND_STACK_DEREGISTER(vg);
#endif
  if (guard_ != nullptr) guard_->Leave();
  current_ = nullptr;
}

// From a fiber: back to the scheduler's context (the state says why).
void Runtime::SwitchToScheduler() {
  Fiber* f = current_;
#if defined(__SANITIZE_ADDRESS__)
  // A finished fiber never comes back: its fake stack can go (nullptr).
  __sanitizer_start_switch_fiber(f->state == FiberState::Finished ? nullptr : &f->asanFakeStack, mainStackBottom_, mainStackSize_);
  ferrite_switch(&f->ctx, &scheduler_);
  __sanitizer_finish_switch_fiber(f->asanFakeStack, &mainStackBottom_, &mainStackSize_);
#else
  ferrite_switch(&f->ctx, &scheduler_);
#endif
}

void Runtime::Yield() {
  current_->state = FiberState::Ready;
  SwitchToScheduler();
}

int Runtime::WaitFd(int fd, uint32_t events, int64_t timeoutMs) {
  Fiber* f = current_;
  epoll_event ev{};
  ev.events = events | EPOLLONESHOT;
  ev.data.ptr = f;
  if (epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev) != 0) return -errno;
  f->waitFd = fd;
  f->timedOut = false;
  f->state = FiberState::Waiting;
  if (timeoutMs >= 0) ArmTimer(f, DeadlineAfter(static_cast<uint64_t>(timeoutMs)));
  waitingOnFd_++;
  SwitchToScheduler();
  // Woken by the fd or by the timeout (PollWaiters did the bookkeeping either way).
  epoll_ctl(epfd_, EPOLL_CTL_DEL, fd, nullptr);
  f->waitFd = -1;
  return f->timedOut ? -ETIMEDOUT : 0;
}

void Runtime::Sleep(uint64_t ms) {
  Fiber* f = current_;
  f->state = FiberState::Waiting;
  // A fiber that sleeps forever needs no timer: nothing will ever wake it.
  uint64_t deadline = DeadlineAfter(ms);
  if (deadline != kNever) ArmTimer(f, deadline);
  SwitchToScheduler();
}

void Runtime::ArmTimer(Fiber* f, uint64_t deadline) {
  f->timerSeq = nextSeq_++;
  timers_.emplace(deadline, f->timerSeq, f);
}

// A waiting fiber becomes ready: its fd wait (if any) and its timer (if any) are over.
void Runtime::Wake(Fiber* f) {
  if (f->waitFd >= 0) waitingOnFd_--;
  if (f->timerSeq != 0) staleTimers_++;  // its heap entry, if still there, is stale now
  f->timerSeq = 0;
  f->state = FiberState::Ready;
  ready_.push_back(f);
}

void Runtime::SetWakeFd(int fd) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLET;
  ev.data.ptr = nullptr;  // not a fiber: see PollWaiters
  epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev);
}

void Runtime::ClearWakeFd(int fd) { epoll_ctl(epfd_, EPOLL_CTL_DEL, fd, nullptr); }

int Runtime::EnableKick() {
  if (kickFd_ >= 0) return 0;
  if (closed_) return -EBADF;
  int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (fd < 0) return -errno;
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = &kickFd_;  // neither a fiber nor the wake fd: see PollWaiters
  if (epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
    int err = errno;
    close(fd);
    return -err;
  }
  kickFd_ = fd;
  kicked_ = false;
  return 0;
}

int64_t Runtime::NextWakeMs() const {
  if (!ready_.empty()) return 0;
  if (timers_.empty()) return -1;
  uint64_t now = NowNs();
  uint64_t due = std::get<0>(timers_.top());
  return due <= now ? 0 : static_cast<int64_t>(std::min<uint64_t>((due - now + 999999) / 1000000, INT_MAX));
}

int Runtime::CallChannel(uint32_t channel, const ferrite_fiber_value* values, size_t n, ferrite_fiber_value* out) {
  Fiber* f = current_;
  f->js = JsCall{};
  f->js.channel = channel;
  f->js.values = values;
  f->js.nvalues = n;
  f->state = FiberState::CallingJs;
  SwitchToScheduler();
  if (out != nullptr) *out = f->js.value;
  return f->js.status;
}

double Runtime::CallJs(int slot, std::initializer_list<double> args) {
  Fiber* f = current_;
  f->js = JsCall{};
  f->js.slot = slot;
  for (double a : args) f->js.args[f->js.nargs++] = a;
  f->state = FiberState::CallingJs;
  SwitchToScheduler();
  return f->js.result;
}

void Runtime::ExitCurrent() {
  current_->state = FiberState::Finished;
  SwitchToScheduler();
  __builtin_unreachable();
}

void Runtime::Finish(Fiber* f) {
  // The cleanup runs once the fiber has left the live set, so that it may spawn a successor even
  // at maxFibers. It is moved out first: that spawn may reuse this very Fiber object.
  std::function<void()> cleanup = std::move(f->cleanup);
  pool_.Release(f->stack);
  auto it = live_.find(f->id);
  spare_.push_back(std::move(it->second));
  live_.erase(it);
  stats_.finished++;
  stats_.live = live_.size();
  if (cleanup) cleanup();
}

// Measured when asked rather than as each fiber finishes: a mincore per finished fiber was most of
// a short fiber's whole cost. A pooled stack keeps the pages its fibers touched, so the finished
// ones are all still seen; the running maximum keeps the mark from falling if pages are swapped out.
uint64_t Runtime::StackHighWater() {
  size_t most = pool_.MostTouched();
  for (const auto& [id, f] : live_) most = std::max(most, pool_.Touched(f->stack));
  if (most > stats_.stackHighWater) stats_.stackHighWater = most;
  return stats_.stackHighWater;
}

void Runtime::PollWaiters(int timeoutMs) {
  epoll_event events[64];
  if (waitingOnFd_ > 0 || timeoutMs != 0) {
    int n = epoll_wait(epfd_, events, 64, timeoutMs);
    for (int i = 0; i < n; i++) {
      void* tag = events[i].data.ptr;
      if (tag == nullptr) {
        woken_ = true;
        continue;
      }
      if (tag == &kickFd_) continue;  // drained by Step
      auto* f = static_cast<Fiber*>(tag);
      // Not waiting on its fd any more: its timeout came first (it is ready, not yet run).
      if (f->state != FiberState::Waiting || f->waitFd < 0) continue;
      Wake(f);
    }
  }
  uint64_t now = NowNs();
  while (!timers_.empty() && std::get<0>(timers_.top()) <= now) {
    auto [due, seq, f] = timers_.top();
    timers_.pop();
    if (f->timerSeq != seq) {
      staleTimers_--;
      continue;
    }
    if (f->waitFd >= 0) f->timedOut = true;
    Wake(f);
    staleTimers_--;  // Wake counted the entry just popped
  }
  // Fibers whose waits end by their fd long before their timeouts leave stale entries behind:
  // rebuilt without them once they are most of the heap.
  if (staleTimers_ > 1024 && staleTimers_ * 2 > timers_.size()) {
    std::vector<Timer> keep;
    while (!timers_.empty()) {
      if (std::get<2>(timers_.top())->timerSeq == std::get<1>(timers_.top())) keep.push_back(timers_.top());
      timers_.pop();
    }
    timers_ = decltype(timers_)(std::greater<Timer>(), std::move(keep));
    staleTimers_ = 0;
  }
}

bool Runtime::Step(bool block) {
  if (closed_) return false;
  if (kicked_) {
    uint64_t count;
    kicked_ = false;
    if (read(kickFd_, &count, sizeof count) < 0) {
      // EAGAIN: nothing to drain. Nothing else can fail on an open eventfd.
    }
  }
  inStep_ = true;
  bool more = Round(block);
  inStep_ = false;
  return more;
}

bool Runtime::Round(bool block) {
  stuck_ = false;
  if (ready_.empty() && !live_.empty()) {
    int timeout = 0;
    if (block) {
      // Every live fiber sleeps forever (no fd wait, no live timer): epoll_wait(-1) would never
      // return, since while a blocking Step runs neither JavaScript nor another thread can spawn.
      if (waitingOnFd_ == 0 && timers_.size() == staleTimers_) {
        stuck_ = true;
        return true;
      }
      timeout = -1;
      if (!timers_.empty()) {
        uint64_t now = NowNs();
        uint64_t due = std::get<0>(timers_.top());
        timeout = due <= now ? 0 : static_cast<int>(std::min<uint64_t>((due - now + 999999) / 1000000, INT_MAX));
      }
    }
    PollWaiters(timeout);
  } else if (waitingOnFd_ > 0 || !timers_.empty()) {
    PollWaiters(0);
  }
  // One round-robin round over the fibers ready now.
  size_t round = ready_.size();
  for (size_t i = 0; i < round && !closed_; i++) {
    Fiber* f = ready_.front();
    ready_.pop_front();
    Resume(f);
    // JavaScript runs here, on the main stack; the fiber continues when it returns.
    bool stop = false;
    while (f->state == FiberState::CallingJs) {
      stop = onJsCall && !onJsCall(f);
      // Nothing may close the runtime from a callback (the addon refuses it); if something
      // did, `f` is gone.
      if (closed_) return false;
      if (stop) break;
      Resume(f);
    }
    if (stop) {
      f->state = FiberState::Ready;
      ready_.push_front(f);
      break;
    }
    if (f->state == FiberState::Ready) ready_.push_back(f);
    else if (f->state == FiberState::Finished) Finish(f);
  }
  return !live_.empty();
}

}  // namespace ferrite

// The book's guard: reached when a fiber's body returns (exit_arg is its runtime).
extern "C" void ferrite_fiber_exit_hook(void* runtime) { static_cast<ferrite::Runtime*>(runtime)->ExitCurrent(); }
