// Module entry: registers the native classes and the factory functions used by the TS layer.
#include "addon.h"

#include <vector>

#include "epoll_handle.h"
#include "fd_handle.h"
#include "resolver.h"

namespace ferrite {

namespace {

void CleanupHook(void* arg) { static_cast<AddonData*>(arg)->CloseAll(); }

Napi::Value SetErrorFactory(const Napi::CallbackInfo& info) {
  if (!info[0].IsFunction()) {
    Napi::TypeError::New(info.Env(), "error factory must be a function").ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  Data(info.Env())->errorFactory = Napi::Persistent(info[0].As<Napi::Function>());
  return info.Env().Undefined();
}

}  // namespace

AddonData::AddonData(Napi::Env env) : env_(env) { napi_add_env_cleanup_hook(env, CleanupHook, this); }

AddonData::~AddonData() {
  napi_remove_env_cleanup_hook(env_, CleanupHook, this);
  CloseAll();
}

void AddonData::CloseAll() {
  // CloseNow may untrack; iterate over a copy.
  std::vector<Closable*> all(live.begin(), live.end());
  for (Closable* c : all) {
    c->CloseNow();
    Untrack(c);
  }
}

Napi::Value ThrowErrno(Napi::Env env, int err, const char* syscall) {
  AddonData* data = Data(env);
  Napi::Value error;
  if (data != nullptr && !data->errorFactory.IsEmpty()) {
    error = data->errorFactory.Call({Napi::Number::New(env, -err), Napi::String::New(env, syscall)});
  }
  if (error.IsEmpty() || !error.IsObject()) {
    // Only reachable before the TS loader installed its factory.
    error = Napi::Error::New(env, std::string(syscall) + " failed: errno " + std::to_string(err)).Value();
  }
  napi_throw(env, error);
  return env.Undefined();
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
