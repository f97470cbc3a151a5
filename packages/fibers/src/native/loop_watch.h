// The Node-loop mode's eye on a runtime: a libuv poll handle on the environment's own loop,
// watching the runtime's epoll fd (readable when a waited fd is ready or a fiber was spawned), and
// calling a JavaScript function when it is. N-API has no fd watcher, hence libuv directly, on
// the loop napi_get_uv_event_loop gives.
#pragma once

#include <node_api.h>
#include <uv.h>

#include <utility>
#include <vector>

namespace ferrite {

class LoopWatch {
 public:
  LoopWatch() = default;
  LoopWatch(const LoopWatch&) = delete;
  LoopWatch& operator=(const LoopWatch&) = delete;
  ~LoopWatch() { Stop(); }

  // Starts calling fn (through napi_make_callback, so microtasks and nextTicks run after it, as
  // after Node's own I/O callbacks) whenever fd is readable. 0, or a negative errno / libuv error.
  int Start(napi_env env, int fd, napi_value fn, napi_value resource);
  // Stops at once; the handle's memory goes in libuv's close callback. Idempotent; safe from
  // inside the callback.
  void Stop();
  bool active() const { return handle_ != nullptr; }

 private:
  static void OnReadable(uv_poll_t* handle, int status, int events);
  void ReleaseRetired();

  napi_env env_ = nullptr;
  uv_poll_t* handle_ = nullptr;
  napi_ref fn_ = nullptr;
  napi_async_context async_ = nullptr;
  // Inside the callback (microtasks included, which may stop and start again), what Stop lets go
  // of waits here: the async context is in use until napi_make_callback returns.
  bool inCallback_ = false;
  std::vector<std::pair<napi_ref, napi_async_context>> retired_;
};

}  // namespace ferrite
