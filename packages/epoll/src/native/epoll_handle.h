// EpollHandle: one epoll instance, its wait buffer, and (optionally) a libuv watcher on its fd so
// the same interest set can be drained from Node's own event loop.
#pragma once

#include <sys/epoll.h>
#include <uv.h>

#include <vector>

#include "addon.h"

namespace ferrite {

class EpollHandle : public Napi::ObjectWrap<EpollHandle>, public Closable {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  static Napi::Value OnCalledAsFunction(const Napi::CallbackInfo& info);
  static const napi_type_tag kTag;
  static constexpr const char* kName = "EpollHandle";
  // The most events one wait() may return; Events enforces the same bound in TS.
  static constexpr int64_t kMaxEvents = 1 << 20;

  explicit EpollHandle(const Napi::CallbackInfo& info);
  ~EpollHandle() override;
  void CloseNow() override;

 private:
  bool CheckOpen(Napi::Env env);
  int TerminationGuard(napi_env env);
  static constexpr uint64_t kGuardUser = 0;
  static constexpr uint64_t kGuardLoop = 1;
  void StopWatching();
  static void CloseWatcher(uv_poll_t* watcher, AddonData* data);
  int NestingError() const;
  static void OnReadable(uv_poll_t* handle, int status, int events);

  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value GetFd(const Napi::CallbackInfo& info);
  Napi::Value Ctl(const Napi::CallbackInfo& info);
  Napi::Value Wait(const Napi::CallbackInfo& info);
  Napi::Value Watch(const Napi::CallbackInfo& info);
  Napi::Value Unwatch(const Napi::CallbackInfo& info);
  Napi::Value RefLoop(const Napi::CallbackInfo& info);
  Napi::Value UnrefLoop(const Napi::CallbackInfo& info);

  int fd_ = -1;                          // the epoll fd; -1 once closed
  int guardFd_ = -2;                     // worker only: see TerminationGuard (-2: not made yet)
  std::vector<epoll_event> scratch_;     // grows to the largest Events capacity seen, then reused
  uv_poll_t* watcher_ = nullptr;
  bool pendingWatch_ = false;            // in data->pendingWatch (watched, libuv not called back yet)         // non-null while watched; freed in its close callback
  bool refed_ = true;                    // survives unwatch/watch cycles, like a libuv handle's ref
  Napi::FunctionReference onReady_;      // called from libuv when the epoll fd is readable
  napi_async_context asyncContext_ = nullptr;
  bool selfRef_ = false;                 // holding a strong reference to our JS object while watched
};

}  // namespace ferrite
