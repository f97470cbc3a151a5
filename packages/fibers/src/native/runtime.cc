#include "runtime.h"

#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

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
  if (epfd_ >= 0) close(epfd_);
  epfd_ = -1;
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
  if (closed_) return -EBADF;
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

int Runtime::WaitFd(int fd, uint32_t events) {
  Fiber* f = current_;
  epoll_event ev{};
  ev.events = events | EPOLLONESHOT;
  ev.data.ptr = f;
  if (epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev) != 0) return -errno;
  f->waitFd = fd;
  f->waitEvents = events;
  f->state = FiberState::Waiting;
  waitingOnFd_++;
  SwitchToScheduler();
  epoll_ctl(epfd_, EPOLL_CTL_DEL, fd, nullptr);
  f->waitFd = -1;
  return 0;
}

void Runtime::Sleep(uint64_t ms) {
  Fiber* f = current_;
  uint64_t now = NowNs();
  // Saturating: now + ms * 1e6 must not wrap around into a deadline in the past.
  f->wakeAt = ms >= (kNever - now) / 1000000ull ? kNever : now + ms * 1000000ull;
  f->state = FiberState::Waiting;
  // A fiber that sleeps forever needs no timer: nothing will ever wake it.
  if (f->wakeAt != kNever) timers_.emplace(f->wakeAt, f);
  SwitchToScheduler();
}

void Runtime::SetWakeFd(int fd) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLET;
  ev.data.ptr = nullptr;  // not a fiber: see PollWaiters
  epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev);
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
  size_t touched = pool_.Touched(f->stack);
  if (touched > stats_.stackHighWater) stats_.stackHighWater = touched;
  if (f->cleanup) f->cleanup();
  pool_.Release(f->stack);
  auto it = live_.find(f->id);
  spare_.push_back(std::move(it->second));
  live_.erase(it);
  stats_.finished++;
  stats_.live = live_.size();
}

void Runtime::PollWaiters(int timeoutMs) {
  epoll_event events[64];
  if (waitingOnFd_ > 0 || timeoutMs != 0) {
    int n = epoll_wait(epfd_, events, 64, timeoutMs);
    for (int i = 0; i < n; i++) {
      auto* f = static_cast<Fiber*>(events[i].data.ptr);
      if (f == nullptr) {
        woken_ = true;
        continue;
      }
      if (f->state != FiberState::Waiting) continue;
      waitingOnFd_--;
      f->state = FiberState::Ready;
      ready_.push_back(f);
    }
  }
  uint64_t now = NowNs();
  while (!timers_.empty() && timers_.top().first <= now) {
    Fiber* f = timers_.top().second;
    timers_.pop();
    if (f->state == FiberState::Waiting && f->wakeAt != 0) {
      f->wakeAt = 0;
      f->state = FiberState::Ready;
      ready_.push_back(f);
    }
  }
}

bool Runtime::Step(bool block) {
  if (closed_) return false;
  if (ready_.empty() && !live_.empty()) {
    int timeout = 0;
    if (block) {
      timeout = -1;
      if (!timers_.empty()) {
        uint64_t now = NowNs();
        uint64_t due = timers_.top().first;
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

// ---- the C API (include/ferrite/fibers.h) ----

using ferrite::Runtime;

extern "C" {

__attribute__((visibility("default"))) int64_t ferrite_fiber_spawn(ferrite_fiber_runtime* rt, ferrite_fiber_fn fn, void* arg) {
  return static_cast<Runtime*>(rt)->Spawn(fn, arg);
}

__attribute__((visibility("default"))) void ferrite_fiber_yield(ferrite_fiber_runtime* rt) { static_cast<Runtime*>(rt)->Yield(); }

__attribute__((visibility("default"))) int ferrite_fiber_wait_readable(ferrite_fiber_runtime* rt, int fd) {
  return static_cast<Runtime*>(rt)->WaitFd(fd, EPOLLIN | EPOLLRDHUP);
}

__attribute__((visibility("default"))) int ferrite_fiber_wait_writable(ferrite_fiber_runtime* rt, int fd) {
  return static_cast<Runtime*>(rt)->WaitFd(fd, EPOLLOUT);
}

__attribute__((visibility("default"))) void ferrite_fiber_sleep(ferrite_fiber_runtime* rt, uint64_t ms) { static_cast<Runtime*>(rt)->Sleep(ms); }

__attribute__((visibility("default"))) int64_t ferrite_fiber_current(ferrite_fiber_runtime* rt) {
  ferrite::Fiber* f = static_cast<Runtime*>(rt)->current();
  return f == nullptr ? 0 : f->id;
}

// The book's guard: reached when a fiber's body returns (exit_arg is its runtime).
void ferrite_fiber_exit_hook(void* runtime) { static_cast<Runtime*>(runtime)->ExitCurrent(); }

}  // extern "C"
