#include "loop_watch.h"

#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>

namespace ferrite {

namespace {

// libuv adds the fd to its own epoll set at the next loop turn and aborts the process if that
// fails (ELOOP: epoll sets nested too deep or in a cycle). Try the same now, in a throwaway set.
int NestingError(int fd) {
  int probe = epoll_create1(EPOLL_CLOEXEC);
  if (probe < 0) return -errno;
  epoll_event ev{};
  ev.events = EPOLLIN;
  int err = epoll_ctl(probe, EPOLL_CTL_ADD, fd, &ev) == 0 ? 0 : -errno;
  close(probe);
  return err;
}

}  // namespace

int LoopWatch::Start(napi_env env, int fd, napi_value fn, napi_value resource) {
  Stop();
  uv_loop_t* loop = nullptr;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok || loop == nullptr) return -EINVAL;
  if (int err = NestingError(fd)) return err;
  auto* handle = new uv_poll_t;
  int r = uv_poll_init(loop, handle, fd);
  if (r != 0) {
    delete handle;
    return r;
  }
  handle->data = this;
  r = uv_poll_start(handle, UV_READABLE, OnReadable);
  napi_value name;
  if (r == 0 && (napi_create_reference(env, fn, 1, &fn_) != napi_ok || napi_create_string_utf8(env, "ferrite:fibers", NAPI_AUTO_LENGTH, &name) != napi_ok ||
                 napi_async_init(env, resource, name, &async_) != napi_ok)) {
    r = -ENOMEM;
  }
  env_ = env;
  handle_ = handle;
  if (r != 0) Stop();
  return r;
}

void LoopWatch::Stop() {
  if (handle_ != nullptr) {
    uv_poll_stop(handle_);
    // Only the handle's memory is touched in the close callback (the code stays mapped: the addon
    // is linked -z nodelete), so it is safe whenever libuv gets to it.
    handle_->data = nullptr;
    uv_close(reinterpret_cast<uv_handle_t*>(handle_), [](uv_handle_t* h) { delete reinterpret_cast<uv_poll_t*>(h); });
    handle_ = nullptr;
  }
  if (fn_ != nullptr || async_ != nullptr) retired_.emplace_back(fn_, async_);
  fn_ = nullptr;
  async_ = nullptr;
  if (!inCallback_) ReleaseRetired();
}

void LoopWatch::ReleaseRetired() {
  for (auto [ref, async] : retired_) {
    if (ref != nullptr) napi_delete_reference(env_, ref);
    if (async != nullptr) napi_async_destroy(env_, async);
  }
  retired_.clear();
}

void LoopWatch::OnReadable(uv_poll_t* handle, int /*status*/, int /*events*/) {
  auto* self = static_cast<LoopWatch*>(handle->data);
  if (self == nullptr || self->fn_ == nullptr || self->inCallback_) return;
  napi_env env = self->env_;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) {
    self->Stop();
    return;
  }
  napi_value fn, recv, result;
  self->inCallback_ = true;
  napi_status st = napi_get_reference_value(env, self->fn_, &fn);
  // MakeCallback needs an object receiver: the global, as for a plain function call.
  if (st == napi_ok) st = napi_get_global(env, &recv);
  if (st == napi_ok) st = napi_make_callback(env, self->async_, recv, fn, 0, nullptr, &result);
  self->inCallback_ = false;
  if (st != napi_ok) {
    bool pending = false;
    napi_value error;
    if (napi_is_exception_pending(env, &pending) == napi_ok && pending && napi_get_and_clear_last_exception(env, &error) == napi_ok) {
      // The callback is the package's own batch, which catches what fibers' callbacks throw: an
      // exception here is reported as uncaught, as Node does for its own callbacks.
      napi_fatal_exception(env, error);
    } else {
      // JavaScript cannot run any more (a worker being terminated): stop being called.
      self->Stop();
    }
  }
  self->ReleaseRetired();
  napi_close_handle_scope(env, scope);
}

}  // namespace ferrite
