// Per-addon state, the one errno path, and the argument checks shared by every native class.
//
// Nothing here is process-global: each Node environment (main thread or worker) that loads the
// addon gets its own AddonData through napi_set_instance_data, so the addon is context-aware.
// The addon's one piece of process-global state is signals.cc's table of signal listeners
// (signal dispositions are per process).
//
// Every function reachable from JS checks its receiver and arguments before using them: the
// `.node` file can be loaded directly, so "the TS layer validates" is not a defence. A bad call
// gets a coded error (the TS layer's EpollError; a TypeError/RangeError with `code` when the addon
// is loaded on its own); it never reaches a syscall or a memory access.
#pragma once

#include <napi.h>

#include <cerrno>
#include <string>
#include <unordered_set>

namespace ferrite {

// Anything that owns an fd. AddonData keeps the live ones so that the env cleanup hook can close
// what the user forgot; `data` is cleared when AddonData goes first, so destruction order between
// the instance data and the wrapped objects does not matter.
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
    live.insert(c);
    c->data = this;
  }
  void Untrack(Closable* c) {
    live.erase(c);
    c->data = nullptr;
  }
  // Closes every fd still open. Runs from the env cleanup hook (process or worker exit).
  void CloseAll();

  // libuv handles being closed: the environment may not finish tearing down before their close
  // callbacks ran (an async cleanup hook waits for them).
  void HandleClosing() { closingHandles_++; }
  void HandleClosed();

  // Set by the TS loader (binding.ts): JS (errno, syscall) => SystemError and
  // (code, message) => EpollError, so the addon throws the package's two classes, no others.
  Napi::FunctionReference errorFactory;
  Napi::FunctionReference codedErrorFactory;
  Napi::FunctionReference fdConstructor;
  Napi::FunctionReference epollConstructor;
  // True only while native code constructs a wrapper: the classes refuse `new` from JS, which
  // would otherwise let a caller adopt (and later close) any fd number.
  bool constructing = false;
  // Nesting checks (EpollHandle::Ctl): the fds of this environment's epoll instances, and the
  // polls watched whose fd libuv has not added to its own set yet (it does at its next turn).
  std::unordered_set<int> epollFds;
  std::unordered_set<class EpollHandle*> pendingWatch;

 private:
  static void AsyncCleanup(napi_async_cleanup_hook_handle handle, void* arg);

  napi_env env_;
  std::unordered_set<Closable*> live;
  napi_async_cleanup_hook_handle cleanupHook_ = nullptr;
  int closingHandles_ = 0;
  bool tearingDown_ = false;
};

inline AddonData* Data(Napi::Env env) { return env.GetInstanceData<AddonData>(); }

// The errno path: every failed syscall ends here. The error object is built by the JS factory so
// that it has Node's system-error shape (code, negative errno, syscall) and one class everywhere.
Napi::Value ThrowErrno(Napi::Env env, int err, const char* syscall);

// An error with a stable `code`, like Node's ERR_* errors: built by the JS coded-error factory
// (an EpollError), or, without one, a TypeError (a RangeError when `range`) with `code`.
Napi::Value ThrowCoded(Napi::Env env, const char* code, const std::string& message, bool range = false);

// Argument readers: each returns false with a coded error pending when info[i] is not what the
// name promises. Integers must be exact (no NaN, no fraction, inside [min, max]).
bool ArgInt(const Napi::CallbackInfo& info, size_t i, const char* name, int64_t min, int64_t max, int64_t* out);
bool ArgNumber(const Napi::CallbackInfo& info, size_t i, const char* name, double* out);
bool ArgString(const Napi::CallbackInfo& info, size_t i, const char* name, size_t maxBytes, std::string* out);
// A Uint8Array-like view (any TypedArray or DataView is refused: only Uint8Array/Buffer).
bool ArgBytes(const Napi::CallbackInfo& info, size_t i, const char* name, uint8_t** data, size_t* len);

// Instance methods and accessors whose receiver is checked by type tag before it is unwrapped:
// `FdHandle.prototype.read.call(epollHandle, ...)` must be an error, not a wrong-type cast.
// Each class T provides `static const napi_type_tag kTag` and tags its instances when built.
bool CheckTag(napi_env env, napi_value object, const napi_type_tag& tag);

// `tagged`: accessors need the tag check. Prototype methods do not: napi_define_class gives them
// a V8 signature, and V8 refuses a receiver of another class before we are called ("Illegal
// invocation"), so on the hot path (read, write, wait) only the unwrap is checked.
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

// Retries a syscall interrupted by a signal; evaluates to its result (errno is left intact).
#define FERRITE_RETRY(expr)                  \
  ({                                         \
    decltype(expr) r_;                       \
    do {                                     \
      r_ = (expr);                           \
    } while (r_ == -1 && errno == EINTR);    \
    r_;                                      \
  })

}  // namespace ferrite
