// Per-environment state, the error path and the argument checks shared by the native classes.
//
// Nothing here is process-global: each Node environment (main thread or worker) that loads the
// addon gets its own AddonData through napi_set_instance_data, so the addon is context-aware.
// OpenSSL itself is initialised and owned by Node; we only create and free our own objects.
//
// Every function reachable from JS checks its receiver and arguments: the `.node` file can be
// loaded directly, so "the TS layer validates" is not a defence. A bad call gets a coded error.
#pragma once

#include <napi.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <string>
#include <unordered_set>

namespace ferrite {

// Anything that owns OpenSSL objects. AddonData keeps the live ones so that the env cleanup hook
// frees what the user forgot; `data` is cleared when AddonData goes first, so destruction order
// between the instance data and the wrapped objects does not matter.
class Closable {
 public:
  virtual ~Closable() = default;
  virtual void CloseNow() = 0;
  class AddonData* data = nullptr;
};

class AddonData {
 public:
  explicit AddonData(Napi::Env env);
  ~AddonData();

  void Track(Closable* c) {
    live_.insert(c);
    c->data = this;
  }
  void Untrack(Closable* c) {
    live_.erase(c);
    c->data = nullptr;
  }
  // Frees every OpenSSL object still alive. Runs from the env cleanup hook (process/worker exit).
  void CloseAll();

  Napi::FunctionReference errorFactory;  // JS (code, message) => TlsError; set by the TS loader
  Napi::FunctionReference contextConstructor;
  Napi::FunctionReference engineConstructor;
  // True only while native code constructs a wrapper: the classes refuse `new` from JS.
  bool constructing = false;
  // Node's bundled roots (tls.rootCertificates), parsed once per environment on first use and
  // shared (up-ref'd) by every context that verifies against them.
  X509_STORE* roots = nullptr;

 private:
  static void Cleanup(void* arg);
  std::unordered_set<Closable*> live_;
  bool hooked_ = false;
  napi_env env_;
};

inline AddonData* Data(Napi::Env env) { return env.GetInstanceData<AddonData>(); }

// A TypeError (or RangeError when `range`) with a stable `code`, like Node's ERR_* errors.
Napi::Value ThrowCoded(Napi::Env env, const char* code, const std::string& message, bool range = false);
// A TlsError (built by the JS factory, so it is the package's class) with `code`.
Napi::Value ThrowTls(Napi::Env env, const std::string& code, const std::string& message);
// The first error on OpenSSL's (per-thread) queue as a TlsError, `fallback` naming the step when
// the queue is empty. Always leaves the queue empty: it is shared with node:crypto on this thread.
Napi::Value ThrowOpenSsl(Napi::Env env, const char* fallback);

// Argument readers: each returns false with a coded error pending when info[i] is not what the
// name promises.
bool ArgInt(const Napi::CallbackInfo& info, size_t i, const char* name, int64_t min, int64_t max, int64_t* out);
bool ArgString(const Napi::CallbackInfo& info, size_t i, const char* name, size_t maxBytes, std::string* out);
// A Uint8Array (Buffer included); any other TypedArray or DataView is refused.
bool ArgBytes(const Napi::CallbackInfo& info, size_t i, const char* name, uint8_t** data, size_t* len);

bool CheckTag(napi_env env, napi_value object, const napi_type_tag& tag);

// Instance methods whose receiver is unwrapped only after a check: napi_define_class gives
// prototype methods a V8 signature (a receiver of another class is refused before we run);
// accessors (`tagged`) are checked by type tag.
template <typename T, Napi::Value (T::*M)(const Napi::CallbackInfo&), bool tagged>
napi_value GuardedCall(napi_env env, napi_callback_info cbinfo) {
  Napi::CallbackInfo info(env, cbinfo);
  void* self = nullptr;
  if ((tagged && !CheckTag(env, info.This(), T::kTag)) || napi_unwrap(env, info.This(), &self) != napi_ok || self == nullptr) {
    ThrowCoded(env, "ERR_INVALID_THIS", std::string("receiver is not a ") + T::kName);
    return nullptr;
  }
  return (static_cast<T*>(self)->*M)(info);
}

template <typename T, Napi::Value (T::*M)(const Napi::CallbackInfo&)>
Napi::ClassPropertyDescriptor<T> Method(const char* name) {
  napi_property_descriptor d{};
  d.utf8name = name;
  d.method = GuardedCall<T, M, false>;
  d.attributes = napi_default_method;
  return d;
}

template <typename T, Napi::Value (T::*M)(const Napi::CallbackInfo&)>
Napi::ClassPropertyDescriptor<T> Getter(const char* name) {
  napi_property_descriptor d{};
  d.utf8name = name;
  d.getter = GuardedCall<T, M, true>;
  d.attributes = napi_default;
  return d;
}

}  // namespace ferrite
