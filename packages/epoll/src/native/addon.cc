// Module entry: registers the native classes and the factory functions used by the TS layer.
#include "addon.h"

#include <cmath>
#include <cstring>

#include "epoll_handle.h"
#include "fd_handle.h"
#include "resolver.h"

namespace ferrite {

namespace {

// setErrorFactory(system: (errno, syscall) => Error, coded: (code, message) => Error)
Napi::Value SetErrorFactory(const Napi::CallbackInfo& info) {
  if (!info[0].IsFunction() || !info[1].IsFunction()) {
    return ThrowCoded(info.Env(), "ERR_INVALID_ARG_TYPE", "error factories must be functions");
  }
  Data(info.Env())->errorFactory = Napi::Persistent(info[0].As<Napi::Function>());
  Data(info.Env())->codedErrorFactory = Napi::Persistent(info[1].As<Napi::Function>());
  return info.Env().Undefined();
}

}  // namespace

AddonData::AddonData(Napi::Env env) : env_(env) {
  // Async, so that teardown can wait for libuv close callbacks (see HandleClosed).
  napi_add_async_cleanup_hook(env, AsyncCleanup, this, &cleanupHook_);
}

AddonData::~AddonData() {
  if (cleanupHook_ != nullptr) napi_remove_async_cleanup_hook(cleanupHook_);
  CloseLive();
}

void AddonData::AsyncCleanup(napi_async_cleanup_hook_handle handle, void* arg) {
  auto* self = static_cast<AddonData*>(arg);
  self->tearingDown_ = true;
  self->CloseLive();
  // Every watcher is closing now; the environment goes on only after their close callbacks ran,
  // so no callback of ours is left queued on a loop that outlives this instance.
  if (self->closingHandles_ == 0) {
    self->cleanupHook_ = nullptr;
    napi_remove_async_cleanup_hook(handle);
  }
}

void AddonData::HandleClosed() {
  if (--closingHandles_ > 0 || !tearingDown_ || cleanupHook_ == nullptr) return;
  napi_async_cleanup_hook_handle handle = cleanupHook_;
  cleanupHook_ = nullptr;
  napi_remove_async_cleanup_hook(handle);
}

Napi::Value ThrowErrno(Napi::Env env, int err, const char* syscall) {
  AddonData* data = Data(env);
  Napi::Value error;
  if (data != nullptr && !data->errorFactory.IsEmpty()) {
    error = data->errorFactory.Call({Napi::Number::New(env, -err), Napi::String::New(env, syscall)});
    // The factory cannot run while the environment terminates (worker.terminate()): there is
    // nobody to tell, and a second throw would be fatal.
    if (env.IsExceptionPending()) return env.Undefined();
  }
  if (error.IsEmpty() || !error.IsObject()) {
    // The addon loaded without the TS layer (no factory): the same shape, built here.
    const char* name = strerrorname_np(err);
    std::string code = name != nullptr ? name : "E" + std::to_string(err);
    Napi::Error e = Napi::Error::New(env, std::string(syscall) + " " + code + ": " + std::strerror(err));
    if (e.IsEmpty()) return env.Undefined();
    e.Set("code", code);
    e.Set("errno", Napi::Number::New(env, -err));
    e.Set("syscall", syscall);
    error = e.Value();
  }
  napi_throw(env, error);
  return env.Undefined();
}

Napi::Value ThrowCoded(Napi::Env env, const char* code, const std::string& message, bool range) {
  AddonData* data = Data(env);
  return kit::ThrowThroughFactory(env, data != nullptr ? &data->codedErrorFactory : nullptr, code, message,
                                  range ? kit::Fallback::kRangeError : kit::Fallback::kTypeError);
}

bool ArgNumber(const Napi::CallbackInfo& info, size_t i, const char* name, double* out) {
  if (!kit::ArgNumber(info, i, name, out)) return false;
  if (std::isnan(*out)) {
    ThrowCoded(info.Env(), "ERR_INVALID_ARG_VALUE", std::string(name) + " must not be NaN", true);
    return false;
  }
  return true;
}

bool ArgInt(const Napi::CallbackInfo& info, size_t i, const char* name, int64_t min, int64_t max, int64_t* out) {
  double d;
  return ArgNumber(info, i, name, &d) && kit::IntegerInRange(info.Env(), name, d, min, max, out);
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData(env);
  env.SetInstanceData<AddonData>(data);
  exports.Set("setErrorFactory", Napi::Function::New(env, SetErrorFactory, "setErrorFactory"));
  FdHandle::Init(env, exports);
  EpollHandle::Init(env, exports);
  Resolver::Init(env, exports);
  return exports;
}

}  // namespace ferrite

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return ferrite::Init(env, exports); }
NODE_API_MODULE(ferrite_epoll, InitModule)
