// Module entry: registers the native classes and the factory functions used by the TS layer.
#include "addon.h"

#include <cmath>
#include <cstring>
#include <vector>

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
  CloseAll();
}

void AddonData::AsyncCleanup(napi_async_cleanup_hook_handle handle, void* arg) {
  auto* self = static_cast<AddonData*>(arg);
  self->tearingDown_ = true;
  self->CloseAll();
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
  // One error at a time: a second throw while one is pending would replace (or, in node-addon-api,
  // abort on) the first.
  if (env.IsExceptionPending()) return env.Undefined();
  napi_value msg, codeValue, error;
  if (napi_create_string_utf8(env, message.c_str(), message.size(), &msg) != napi_ok ||
      napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &codeValue) != napi_ok) {
    return env.Undefined();
  }
  AddonData* data = Data(env);
  if (data != nullptr && !data->codedErrorFactory.IsEmpty()) {
    Napi::Value made = data->codedErrorFactory.Call({Napi::Value(env, codeValue), Napi::Value(env, msg)});
    // As in ThrowErrno: the factory cannot run while the environment terminates.
    if (env.IsExceptionPending()) return env.Undefined();
    if (made.IsObject()) {
      napi_throw(env, made);
      return env.Undefined();
    }
  }
  napi_status st = range ? napi_create_range_error(env, codeValue, msg, &error) : napi_create_type_error(env, codeValue, msg, &error);
  if (st == napi_ok) napi_throw(env, error);  // fails only while terminating: nothing to report
  return env.Undefined();
}

namespace {

std::string Describe(const Napi::Value& v) {
  switch (v.Type()) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return "a boolean";
    case napi_number: return "a number";
    case napi_string: return "a string";
    case napi_symbol: return "a symbol";
    case napi_function: return "a function";
    case napi_bigint: return "a bigint";
    default: return "an object";
  }
}

}  // namespace

bool ArgNumber(const Napi::CallbackInfo& info, size_t i, const char* name, double* out) {
  Napi::Value v = info[i];
  // One N-API call on the hot path: it fails (napi_number_expected) for anything but a number.
  if (napi_get_value_double(info.Env(), v, out) != napi_ok) {
    ThrowCoded(info.Env(), "ERR_INVALID_ARG_TYPE", std::string(name) + " must be a number, got " + Describe(v));
    return false;
  }
  if (std::isnan(*out)) {
    ThrowCoded(info.Env(), "ERR_INVALID_ARG_VALUE", std::string(name) + " must not be NaN", true);
    return false;
  }
  return true;
}

bool ArgInt(const Napi::CallbackInfo& info, size_t i, const char* name, int64_t min, int64_t max, int64_t* out) {
  double d;
  if (!ArgNumber(info, i, name, &d)) return false;
  // Compared as doubles first: a cast of an out-of-range double to an integer is undefined.
  if (!(d >= static_cast<double>(min) && d <= static_cast<double>(max)) || d != std::floor(d)) {
    ThrowCoded(info.Env(), "ERR_OUT_OF_RANGE",
               std::string(name) + " must be an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]", true);
    return false;
  }
  *out = static_cast<int64_t>(d);
  return true;
}

bool ArgString(const Napi::CallbackInfo& info, size_t i, const char* name, size_t maxBytes, std::string* out) {
  Napi::Value v = info[i];
  if (!v.IsString()) {
    ThrowCoded(info.Env(), "ERR_INVALID_ARG_TYPE", std::string(name) + " must be a string, got " + Describe(v));
    return false;
  }
  *out = v.As<Napi::String>().Utf8Value();
  if (out->size() > maxBytes || out->find('\0') != std::string::npos) {
    ThrowCoded(info.Env(), "ERR_INVALID_ARG_VALUE", std::string(name) + " is too long or contains NUL");
    return false;
  }
  return true;
}

bool ArgBytes(const Napi::CallbackInfo& info, size_t i, const char* name, uint8_t** data, size_t* len) {
  Napi::Value v = info[i];
  napi_typedarray_type type;
  size_t length;
  void* ptr;
  if (napi_get_typedarray_info(info.Env(), v, &type, &length, &ptr, nullptr, nullptr) != napi_ok ||
      type != napi_uint8_array) {
    ThrowCoded(info.Env(), "ERR_INVALID_ARG_TYPE", std::string(name) + " must be a Uint8Array");
    return false;
  }
  // A detached buffer reports length 0 and a null pointer: a harmless empty read/write.
  *data = static_cast<uint8_t*>(ptr);
  *len = length;
  return true;
}

bool CheckTag(napi_env env, napi_value object, const napi_type_tag& tag) {
  napi_valuetype type;
  if (napi_typeof(env, object, &type) != napi_ok || type != napi_object) return false;
  bool ok = false;
  return napi_check_object_type_tag(env, object, &tag, &ok) == napi_ok && ok;
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
