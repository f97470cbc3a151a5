#include "epoll_handle.h"

#include <time.h>
#include <unistd.h>

#include <climits>
#include <cmath>

namespace ferrite {

namespace {

double NowMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

Napi::Value CreateEpoll(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ::epoll_create1(EPOLL_CLOEXEC);
  if (fd < 0) return ThrowErrno(env, errno, "epoll_create1");
  Napi::Object obj = Data(env)->epollConstructor.New({Napi::Number::New(env, fd)});
  if (obj.IsEmpty()) {
    ::close(fd);
    return env.Undefined();
  }
  return obj;
}

}  // namespace

void EpollHandle::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "EpollHandle",
                                    {
                                        InstanceMethod<&EpollHandle::Close>("close"),
                                        InstanceAccessor<&EpollHandle::GetFd>("fd"),
                                        InstanceMethod<&EpollHandle::Ctl>("ctl"),
                                        InstanceMethod<&EpollHandle::Wait>("wait"),
                                        InstanceMethod<&EpollHandle::Watch>("watch"),
                                        InstanceMethod<&EpollHandle::Unwatch>("unwatch"),
                                        InstanceMethod<&EpollHandle::RefLoop>("ref"),
                                        InstanceMethod<&EpollHandle::UnrefLoop>("unref"),
                                    });
  Data(env)->epollConstructor = Napi::Persistent(ctor);
  exports.Set("EpollHandle", ctor);
  exports.Set("epollCreate", Napi::Function::New(env, CreateEpoll, "epollCreate"));
}

EpollHandle::EpollHandle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<EpollHandle>(info) {
  fd_ = info[0].As<Napi::Number>().Int32Value();
  Data(info.Env())->Track(this);
}

EpollHandle::~EpollHandle() {
  CloseNow();
  if (data != nullptr) data->Untrack(this);
}

void EpollHandle::CloseNow() {
  StopWatching();
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

// uv_close is asynchronous: the handle's memory is released in the close callback, which only
// touches the handle itself, so it is safe even if this object is gone by then.
void EpollHandle::StopWatching() {
  if (watcher_ == nullptr) return;
  uv_poll_stop(watcher_);
  uv_close(reinterpret_cast<uv_handle_t*>(watcher_), [](uv_handle_t* h) { delete reinterpret_cast<uv_poll_t*>(h); });
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

bool EpollHandle::CheckOpen(Napi::Env env) {
  if (fd_ >= 0) return true;
  ThrowErrno(env, EBADF, "epoll");
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
  int op = info[0].As<Napi::Number>().Int32Value();
  int fd = info[1].As<Napi::Number>().Int32Value();
  epoll_event ev{};
  ev.events = info[2].As<Napi::Number>().Uint32Value();
  ev.data.u64 = static_cast<uint64_t>(info[3].As<Napi::Number>().Int64Value());
  if (::epoll_ctl(fd_, op, fd, &ev) != 0) return ThrowErrno(env, errno, "epoll_ctl");
  return env.Undefined();
}

// wait(out: Float64Array, capacity, timeoutMs): fills out[2i] = token, out[2i+1] = event bits.
// timeoutMs is a whole number (the TS layer rounds up) or -1 to block. EINTR is retried with the
// time that remains. No allocation once the scratch buffer has grown to `capacity`.
Napi::Value EpollHandle::Wait(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env)) return env.Undefined();
  auto out = info[0].As<Napi::Float64Array>();
  size_t capacity = info[1].As<Napi::Number>().Uint32Value();
  int timeout = info[2].As<Napi::Number>().Int32Value();
  if (capacity == 0 || out.ElementLength() < capacity * 2) {
    Napi::RangeError::New(env, "event buffer too small").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  if (scratch_.size() < capacity) scratch_.resize(capacity);

  double deadline = timeout > 0 ? NowMs() + timeout : 0;
  int n;
  for (;;) {
    n = ::epoll_wait(fd_, scratch_.data(), static_cast<int>(capacity), timeout);
    if (n >= 0) break;
    if (errno != EINTR) return ThrowErrno(env, errno, "epoll_wait");
    if (timeout > 0) {
      double left = std::ceil(deadline - NowMs());
      if (left <= 0) {
        n = 0;
        break;
      }
      timeout = static_cast<int>(left);
    }
  }
  double* dst = out.Data();
  for (int i = 0; i < n; i++) {
    dst[2 * i] = static_cast<double>(scratch_[i].data.u64);
    dst[2 * i + 1] = static_cast<double>(scratch_[i].events);
  }
  return Napi::Number::New(env, n);
}

void EpollHandle::OnReadable(uv_poll_t* handle, int status, int /*events*/) {
  auto* self = static_cast<EpollHandle*>(handle->data);
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
  if (!pending) return;
  napi_value error;
  if (napi_get_and_clear_last_exception(env, &error) == napi_ok) napi_fatal_exception(env, error);
}

// watch(onReady): puts the epoll fd under libuv on this env's loop.
Napi::Value EpollHandle::Watch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env)) return env.Undefined();
  if (!info[0].IsFunction()) {
    Napi::TypeError::New(env, "watch() needs a callback").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  StopWatching();
  uv_loop_t* loop = nullptr;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok) {
    Napi::Error::New(env, "no libuv loop for this environment").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  auto* watcher = new uv_poll_t;
  int r = uv_poll_init(loop, watcher, fd_);
  if (r == 0) {
    watcher->data = this;
    r = uv_poll_start(watcher, UV_READABLE, OnReadable);
    if (r != 0) uv_close(reinterpret_cast<uv_handle_t*>(watcher), [](uv_handle_t* h) { delete reinterpret_cast<uv_poll_t*>(h); });
  } else {
    delete watcher;
  }
  if (r != 0) return ThrowErrno(env, -r, "uv_poll_start");
  watcher_ = watcher;
  if (!refed_) uv_unref(reinterpret_cast<uv_handle_t*>(watcher_));
  onReady_ = Napi::Persistent(info[0].As<Napi::Function>());
  napi_async_init(env, Value(), Napi::String::New(env, "ferrite:epoll"), &asyncContext_);
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
