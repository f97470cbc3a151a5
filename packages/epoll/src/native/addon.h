// Per-addon state and the one errno path shared by every native class.
//
// Nothing here is process-global: each Node environment (main thread or worker) that loads the
// addon gets its own AddonData through napi_set_instance_data, so the addon is context-aware.
#pragma once

#include <napi.h>

#include <cerrno>
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

  Napi::FunctionReference errorFactory;  // JS (errno, syscall) => Error; set by the TS loader
  Napi::FunctionReference fdConstructor;
  Napi::FunctionReference epollConstructor;

 private:
  napi_env env_;
  std::unordered_set<Closable*> live;
};

inline AddonData* Data(Napi::Env env) { return env.GetInstanceData<AddonData>(); }

// The errno path: every failed syscall ends here. The error object is built by the JS factory so
// that it has Node's system-error shape (code, negative errno, syscall) and one class everywhere.
Napi::Value ThrowErrno(Napi::Env env, int err, const char* syscall);

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
