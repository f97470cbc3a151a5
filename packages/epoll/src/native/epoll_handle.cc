#include "epoll_handle.h"

#include <ferrite/env.h>
#include <time.h>
#include <unistd.h>

#include <climits>
#include <cmath>

namespace ferrite {

const napi_type_tag EpollHandle::kTag = {0x6665727269746531ULL, 0x65706f6c6c000001ULL};

namespace {

constexpr int64_t kMaxSafeInteger = 9007199254740991LL;  // 2^53 - 1: tokens travel as doubles

double NowMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

Napi::Value CreateEpoll(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ::epoll_create1(EPOLL_CLOEXEC);
  if (fd < 0) return ThrowErrno(env, errno, "epoll_create1");
  AddonData* data = Data(env);
  data->constructing = true;
  Napi::Object obj = data->epollConstructor.New({Napi::Number::New(env, fd)});
  data->constructing = false;
  if (obj.IsEmpty() || env.IsExceptionPending()) {
    ::close(fd);
    return env.Undefined();
  }
  return obj;
}

// epoll_wait, with EINTR retried for the time that remains. Returns the count or -errno.
int WaitRetrying(int fd, epoll_event* events, int max, int timeout, double deadline) {
  for (;;) {
    int n = ::epoll_wait(fd, events, max, timeout);
    if (n >= 0) return n;
    if (errno != EINTR) return -errno;
    if (timeout > 0) {
      double left = std::ceil(deadline - NowMs());
      if (left <= 0) return 0;
      timeout = static_cast<int>(left);
    }
  }
}

}  // namespace

// The guard set of a worker's poll: this epoll fd (level-triggered) and the worker's libuv loop
// fd (edge-triggered: one wake per change, never a busy loop while Node's loop has pending I/O
// it cannot run). -1 on the main thread, which is never terminated, or if it cannot be made (the
// wait is then an ordinary one).
int EpollHandle::TerminationGuard(napi_env env) {
  if (guardFd_ != -2) return guardFd_;
  guardFd_ = -1;
  uv_loop_t* loop = nullptr;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok || loop == nullptr || loop == uv_default_loop()) return -1;
  int guard = ::epoll_create1(EPOLL_CLOEXEC);
  if (guard < 0) return -1;
  epoll_event user{}, uvloop{};
  user.events = EPOLLIN;
  user.data.u64 = kGuardUser;
  uvloop.events = EPOLLIN | EPOLLET;
  uvloop.data.u64 = kGuardLoop;
  if (::epoll_ctl(guard, EPOLL_CTL_ADD, fd_, &user) != 0 || ::epoll_ctl(guard, EPOLL_CTL_ADD, uv_backend_fd(loop), &uvloop) != 0) {
    ::close(guard);
    return -1;
  }
  return guardFd_ = guard;
}

void EpollHandle::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "EpollHandle",
                                    {
                                        Method<EpollHandle, &EpollHandle::Close>("close"),
                                        Getter<EpollHandle, &EpollHandle::GetFd>("fd"),
                                        Method<EpollHandle, &EpollHandle::Ctl>("ctl"),
                                        Method<EpollHandle, &EpollHandle::Wait>("wait"),
                                        Method<EpollHandle, &EpollHandle::Watch>("watch"),
                                        Method<EpollHandle, &EpollHandle::Unwatch>("unwatch"),
                                        Method<EpollHandle, &EpollHandle::RefLoop>("ref"),
                                        Method<EpollHandle, &EpollHandle::UnrefLoop>("unref"),
                                    });
  Data(env)->epollConstructor = Napi::Persistent(ctor);
  exports.Set("EpollHandle", ctor);
  exports.Set("epollCreate", Napi::Function::New(env, CreateEpoll, "epollCreate"));
}

// Built only by CreateEpoll (which owns the fd it passes); `new` from JS is refused.
EpollHandle::EpollHandle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<EpollHandle>(info) {
  AddonData* data = Data(info.Env());
  if (data == nullptr || !data->constructing) {
    ThrowCoded(info.Env(), "ERR_ILLEGAL_CONSTRUCTOR", "EpollHandle is created by epollCreate()");
    return;
  }
  fd_ = info[0].As<Napi::Number>().Int32Value();
  napi_type_tag_object(info.Env(), info.This(), &kTag);
  data->Track(this);
  data->epollFds.insert(fd_);
}

Napi::Value EpollHandle::OnCalledAsFunction(const Napi::CallbackInfo& info) {
  return ThrowCoded(info.Env(), "ERR_ILLEGAL_CONSTRUCTOR", "EpollHandle is created by epollCreate()");
}

EpollHandle::~EpollHandle() {
  CloseNow();
  if (data != nullptr) data->Untrack(this);
}

void EpollHandle::CloseNow() {
  StopWatching();
  if (data != nullptr && fd_ >= 0) data->epollFds.erase(fd_);
  if (guardFd_ >= 0) ::close(guardFd_);
  guardFd_ = -2;
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

// uv_close is asynchronous: the handle's memory is released in the close callback, which touches
// only the handle and the AddonData, so it is safe even if this object is gone by then. The
// AddonData outlives it: environment teardown waits for every closing handle (HandleClosed).
void EpollHandle::CloseWatcher(uv_poll_t* watcher, AddonData* data) {
  watcher->data = data;
  if (data != nullptr) data->HandleClosing();
  uv_close(reinterpret_cast<uv_handle_t*>(watcher), [](uv_handle_t* h) {
    auto* owner = static_cast<AddonData*>(h->data);
    delete reinterpret_cast<uv_poll_t*>(h);
    if (owner != nullptr) owner->HandleClosed();
  });
}

void EpollHandle::StopWatching() {
  if (watcher_ == nullptr) return;
  if (pendingWatch_ && data != nullptr) data->pendingWatch.erase(this);
  pendingWatch_ = false;
  uv_poll_stop(watcher_);
  CloseWatcher(watcher_, data);
  watcher_ = nullptr;
  if (asyncContext_ != nullptr) {
    napi_async_destroy(Env(), asyncContext_);
    asyncContext_ = nullptr;
  }
  onReady_.Reset();
  // While watched, the JS object is kept alive by a strong reference (a running handle must not be
  // collected); drop it now.
  if (selfRef_) {
    selfRef_ = false;
    Napi::ObjectWrap<EpollHandle>::Unref();
  }
}

// What libuv's epoll_ctl(ADD) of our fd would say: 0, or the errno (ELOOP when epoll sets are
// nested too deep), tried in a throwaway top-level set exactly like libuv's.
int EpollHandle::NestingError() const {
  int probe = ::epoll_create1(EPOLL_CLOEXEC);
  if (probe < 0) return errno;
  epoll_event ev{};
  ev.events = EPOLLIN;
  int err = ::epoll_ctl(probe, EPOLL_CTL_ADD, fd_, &ev) == 0 ? 0 : errno;
  ::close(probe);
  return err;
}

bool EpollHandle::CheckOpen(Napi::Env env) {
  if (fd_ >= 0) return true;
  ThrowCoded(env, "ERR_CLOSED", "epoll instance is closed");
  return false;
}

Napi::Value EpollHandle::Close(const Napi::CallbackInfo& info) {
  CloseNow();
  return info.Env().Undefined();
}

Napi::Value EpollHandle::GetFd(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), fd_); }

// ctl(op, fd, events, token): events is a uint32 (EPOLLET is bit 31, so it is read unsigned) and
// the token travels in data.u64.
Napi::Value EpollHandle::Ctl(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env)) return env.Undefined();
  int64_t op, fd, events, token;
  if (!ArgInt(info, 0, "op", EPOLL_CTL_ADD, EPOLL_CTL_MOD, &op) || !ArgInt(info, 1, "fd", 0, INT_MAX, &fd) ||
      !ArgInt(info, 2, "events", 0, UINT32_MAX, &events) || !ArgInt(info, 3, "token", 0, kMaxSafeInteger, &token)) {
    return env.Undefined();
  }
  epoll_event ev{};
  ev.events = static_cast<uint32_t>(events);
  ev.data.u64 = static_cast<uint64_t>(token);
  if (::epoll_ctl(fd_, static_cast<int>(op), static_cast<int>(fd), &ev) != 0) return ThrowErrno(env, errno, "epoll_ctl");
  // One of our polls nested into another while some poll is watched but not yet in libuv's set:
  // libuv would abort at its next turn if that made the nesting too deep. Undo and refuse now.
  if (op == EPOLL_CTL_ADD && data != nullptr && !data->pendingWatch.empty() && data->epollFds.count(static_cast<int>(fd)) != 0) {
    for (EpollHandle* watched : data->pendingWatch) {
      int err = watched->NestingError();
      if (err == 0) continue;
      ::epoll_ctl(fd_, EPOLL_CTL_DEL, static_cast<int>(fd), &ev);
      return ThrowErrno(env, err, "epoll_ctl");
    }
  }
  return env.Undefined();
}

// wait(out: Float64Array, capacity, timeoutMs): fills out[2i] = token, out[2i+1] = event bits.
// timeoutMs is a whole number (the TS layer rounds up) or -1 to block. EINTR is retried with the
// time that remains. No allocation once the scratch buffer has grown to `capacity`.
Napi::Value EpollHandle::Wait(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env)) return env.Undefined();
  napi_typedarray_type type;
  size_t length = 0;
  void* raw = nullptr;
  // napi_get_typedarray_info itself refuses what is not a typed array (napi_invalid_arg).
  if (napi_get_typedarray_info(env, info[0], &type, &length, &raw, nullptr, nullptr) != napi_ok ||
      type != napi_float64_array) {
    return ThrowCoded(env, "ERR_INVALID_ARG_TYPE", "wait() needs a Float64Array event buffer");
  }
  int64_t capacity, timeoutArg;
  if (!ArgInt(info, 1, "capacity", 1, kMaxEvents, &capacity) || !ArgInt(info, 2, "timeoutMs", -1, INT_MAX, &timeoutArg)) {
    return env.Undefined();
  }
  // Element counts of the caller's own array: `length` is what it holds, never what it claims.
  if (length / 2 < static_cast<size_t>(capacity)) {
    return ThrowCoded(env, "ERR_OUT_OF_RANGE", "event buffer holds fewer than capacity events", true);
  }
  int timeout = static_cast<int>(timeoutArg);
  if (scratch_.size() < static_cast<size_t>(capacity)) scratch_.resize(static_cast<size_t>(capacity));

  double deadline = timeout > 0 ? NowMs() + timeout : 0;
  int n;
  int guard = timeout != 0 ? TerminationGuard(env) : -1;
  if (guard < 0) {
    n = WaitRetrying(fd_, scratch_.data(), static_cast<int>(capacity), timeout, deadline);
  } else {
    // In a worker: wait on the guard set, which also holds the worker's libuv loop fd (that
    // terminate() writes to), so a blocking wait ends when the worker is terminated instead of
    // keeping the thread (and the process's exit, which joins it) forever.
    for (;;) {
      epoll_event which[2];
      int g = WaitRetrying(guard, which, 2, timeout, deadline);
      if (g <= 0) {
        n = g;
        break;
      }
      bool ready = false, loopWoke = false;
      for (int i = 0; i < g; i++) (which[i].data.u64 == kGuardUser ? ready : loopWoke) = true;
      if (loopWoke && !kit::CanRunJs(env)) {
        n = 0;  // terminating: return nothing; no JavaScript runs after this call anyway
        break;
      }
      if (ready) {
        n = WaitRetrying(fd_, scratch_.data(), static_cast<int>(capacity), 0, 0);
        if (n != 0) break;
      }
      if (timeout > 0) {
        double left = std::ceil(deadline - NowMs());
        if (left <= 0) {
          n = 0;
          break;
        }
        timeout = static_cast<int>(left);
      }
    }
  }
  if (n < 0) return ThrowErrno(env, -n, "epoll_wait");
  double* dst = static_cast<double*>(raw);
  for (int i = 0; i < n; i++) {
    dst[2 * i] = static_cast<double>(scratch_[i].data.u64);
    dst[2 * i + 1] = static_cast<double>(scratch_[i].events);
  }
  return Napi::Number::New(env, n);
}

void EpollHandle::OnReadable(uv_poll_t* handle, int status, int /*events*/) {
  auto* self = static_cast<EpollHandle*>(handle->data);
  // libuv's set holds our fd now: the kernel checks nesting through it from here on.
  if (self->pendingWatch_) {
    self->pendingWatch_ = false;
    if (self->data != nullptr) self->data->pendingWatch.erase(self);
  }
  (void)status;  // an error on an epoll fd cannot happen while it is open; the callback drains it
  napi_env env = self->Env();
  Napi::HandleScope scope(self->Env());
  // MakeCallback, not Call: Node then runs the microtask queue and process.nextTick callbacks
  // after the callback returns, exactly as for its own I/O callbacks.
  napi_value result;
  napi_status st = napi_make_callback(env, self->asyncContext_, self->Value(), self->onReady_.Value(), 0, nullptr, &result);
  if (st == napi_ok) return;
  // Either the callback threw (report it as uncaught, as Node does for its own callbacks), or
  // the environment is shutting down and can no longer run JavaScript: libuv runs the loop once
  // more while Node tears down, and a still-watched (unref'd) poll can fire then. Nothing is
  // pending in that case, and there is nobody left to tell.
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) {
    // JavaScript cannot run any more (worker.terminate()): stop, rather than be called again on
    // every loop turn while the epoll fd stays readable.
    self->StopWatching();
    return;
  }
  napi_value error;
  if (napi_get_and_clear_last_exception(env, &error) == napi_ok) napi_fatal_exception(env, error);
}

// watch(onReady): puts the epoll fd under libuv on this env's loop.
Napi::Value EpollHandle::Watch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env)) return env.Undefined();
  if (!info[0].IsFunction()) return ThrowCoded(env, "ERR_INVALID_ARG_TYPE", "watch() needs a callback");
  StopWatching();
  uv_loop_t* loop = nullptr;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok || loop == nullptr) {
    return ThrowCoded(env, "ERR_INVALID_STATE", "no libuv loop for this environment");
  }
  // libuv adds our fd to its own epoll set only at the next loop turn, and aborts the process if
  // that fails (ELOOP: epoll sets nested too deep). Find out now, while JavaScript can catch it.
  // Until libuv has done it, nesting one of our polls under this one is checked by Ctl the same
  // way (data->pendingWatch); from libuv's first callback on, the kernel checks it through
  // libuv's own set, synchronously.
  int err = NestingError();
  if (err != 0) return ThrowErrno(env, err, "epoll_ctl");
  auto* watcher = new uv_poll_t;
  int r = uv_poll_init(loop, watcher, fd_);
  if (r == 0) {
    watcher->data = this;
    r = uv_poll_start(watcher, UV_READABLE, OnReadable);
    if (r != 0) CloseWatcher(watcher, data);
  } else {
    delete watcher;
  }
  if (r != 0) return ThrowErrno(env, -r, "uv_poll_start");
  if (data != nullptr) data->pendingWatch.insert(this);
  pendingWatch_ = true;
  watcher_ = watcher;
  if (!refed_) uv_unref(reinterpret_cast<uv_handle_t*>(watcher_));
  onReady_ = Napi::Persistent(info[0].As<Napi::Function>());
  if (napi_async_init(env, Value(), Napi::String::New(env, "ferrite:epoll"), &asyncContext_) != napi_ok) asyncContext_ = nullptr;
  Napi::ObjectWrap<EpollHandle>::Ref();
  selfRef_ = true;
  return env.Undefined();
}

Napi::Value EpollHandle::Unwatch(const Napi::CallbackInfo& info) {
  StopWatching();
  return info.Env().Undefined();
}

Napi::Value EpollHandle::RefLoop(const Napi::CallbackInfo& info) {
  refed_ = true;
  if (watcher_ != nullptr) uv_ref(reinterpret_cast<uv_handle_t*>(watcher_));
  return info.Env().Undefined();
}

Napi::Value EpollHandle::UnrefLoop(const Napi::CallbackInfo& info) {
  refed_ = false;
  if (watcher_ != nullptr) uv_unref(reinterpret_cast<uv_handle_t*>(watcher_));
  return info.Env().Undefined();
}

}  // namespace ferrite
