// Module entry: per-environment state, its cleanup hook, and the classes' registration.
#include "addon.h"

#include "context.h"
#include "engine.h"

namespace ferrite {

namespace {

Napi::Value SetErrorFactory(const Napi::CallbackInfo& info) {
  if (!info[0].IsFunction()) return ThrowCoded(info.Env(), "ERR_INVALID_ARG_TYPE", "error factory must be a function");
  Data(info.Env())->errorFactory = Napi::Persistent(info[0].As<Napi::Function>());
  return info.Env().Undefined();
}

}  // namespace

AddonData::AddonData(Napi::Env env) : env_(env) {
  // Synchronous: nothing of ours is asynchronous (no threads, no libuv handles), so everything
  // can be freed at once when the environment (main thread or worker) ends.
  hooked_ = napi_add_env_cleanup_hook(env, Cleanup, this) == napi_ok;
}

AddonData::~AddonData() {
  if (hooked_) napi_remove_env_cleanup_hook(env_, Cleanup, this);
  CloseAll();
}

void AddonData::Cleanup(void* arg) {
  auto* self = static_cast<AddonData*>(arg);
  self->hooked_ = false;
  self->CloseAll();
}

void AddonData::CloseAll() {
  CloseLive();
  X509_STORE_free(roots);
  roots = nullptr;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData(env);
  env.SetInstanceData<AddonData>(data);
  exports.Set("setErrorFactory", Napi::Function::New(env, SetErrorFactory, "setErrorFactory"));
  exports.Set("opensslVersion", Napi::String::New(env, OpenSSL_version(OPENSSL_VERSION)));
  Context::Init(env, exports);
  Engine::Init(env, exports);
  return exports;
}

}  // namespace ferrite

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return ferrite::Init(env, exports); }
NODE_API_MODULE(ferrite_tls, InitModule)
