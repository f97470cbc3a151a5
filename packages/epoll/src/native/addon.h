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

#include <ferrite/addon_args.h>
#include <ferrite/live_set.h>
#include <napi.h>

#include <cerrno>
#include <string>
#include <unordered_set>

namespace ferrite {

// Anything that owns an fd. AddonData keeps the live ones (addon-kit's LiveSet) so that the env
// cleanup hook can close what the user forgot.
class AddonData;
using Closable = kit::Closable<AddonData>;

class AddonData : public kit::LiveSet<AddonData> {
 public:
  explicit AddonData(Napi::Env env);
  ~AddonData();

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
  napi_async_cleanup_hook_handle cleanupHook_ = nullptr;
  int closingHandles_ = 0;
  bool tearingDown_ = false;
};

inline AddonData* Data(Napi::Env env) { return env.GetInstanceData<AddonData>(); }

// The errno path: every failed syscall ends here. The error object is built by the JS factory so
// that it has Node's system-error shape (code, negative errno, syscall) and one class everywhere.
Napi::Value ThrowErrno(Napi::Env env, int err, const char* syscall);

// ThrowCoded (declared in ferrite/addon_args.h, defined in addon.cc): an error with a stable
// `code`, built by the JS coded-error factory (an EpollError), or, without one, a TypeError (a
// RangeError when `range`) with `code`.

// Argument readers: each returns false with a coded error pending when info[i] is not what the
// name promises. Strings (at most maxBytes, no NUL), bytes (only Uint8Array/Buffer), the
// receiver checks (Method, Getter) and the type names come from @ferrite/addon-kit; numbers here
// also refuse NaN (ERR_INVALID_ARG_VALUE), and integers must be exact (no fraction, inside
// [min, max]).
bool ArgNumber(const Napi::CallbackInfo& info, size_t i, const char* name, double* out);
bool ArgInt(const Napi::CallbackInfo& info, size_t i, const char* name, int64_t min, int64_t max, int64_t* out);
using kit::ArgBytes;
using kit::ArgString;
using kit::CheckTag;
using kit::Getter;
using kit::Method;

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
