// NativeRuntime: spawn / run / step / close / stats / stackSnapshot / nativeHandle over one
// Runtime, and the JS calls fibers ask for (made by the scheduler, on the main stack).
//
// Failure is "stop now". Once a worker's termination has begun, N-API calls fail (napi_call_function
// and the rest say napi_pending_exception with nothing pending); a callback that throws fails the
// same way. Either ends the run at once: the fiber that asked is first in line for the next
// run(), and nothing is resumed, so a terminating worker never spins resuming fibers whose every
// callback fails. A run() blocked in epoll_wait is woken by the libuv loop's fd (terminate() posts
// to that loop), and a long busy run checks every few milliseconds whether JavaScript can still run.
#include "native_runtime.h"

#include <fcntl.h>
#include <ferrite/env.h>
#include <time.h>
#include <uv.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cmath>
#include <memory>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "args.h"
#include "capi.h"
#include "channel_call.h"
#include "loop_watch.h"
#include "runtime.h"
#include "tasks.h"

namespace ferrite {

namespace {

// Marks the objects this constructor made: a method called on any other `this` (one wrapped by
// another addon included) is refused instead of being reinterpreted as a NativeRuntime.
constexpr napi_type_tag kTag = {0x6665727269746566ull, 0x6669626572732e31ull};
constexpr double kMaxSafeInteger = 9007199254740991.0;
constexpr size_t kMaxCallbacks = 8;

// Copies raw stack memory. A suspended fiber's frames contain sanitizer redzones between locals;
// reading across them is the point of a stack dump, so this copy is exempt from ASan.
__attribute__((no_sanitize_address)) void CopyRawStack(char* dst, const char* src, size_t n) {
  for (size_t i = 0; i < n; i++) dst[i] = static_cast<const volatile char*>(src)[i];
}

uint64_t NowMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000 + static_cast<uint64_t>(ts.tv_nsec) / 1000000;
}

void ThrowErrno(Napi::Env env, int err, const char* what) {
  ThrowCoded(env, uv_err_name(-err), std::string(what) + ": " + uv_strerror(-err));
}

// Channel ids are drawn from one counter for the whole process (every runtime, environment and
// worker), so that an id handed to one runtime's fibers names no function in another: a fiber
// that calls another runtime's channel hears -ENOENT instead of reaching whatever function its
// own runtime numbered the same. It wraps after 2^32 - 1 ids (skipping 0); the caller skips ids
// its runtime still holds.
uint32_t NextChannelId() {
  static std::atomic<uint32_t> next{0};
  uint32_t id;
  do id = next.fetch_add(1, std::memory_order_relaxed) + 1;
  while (id == 0);
  return id;
}

}  // namespace

class NativeRuntime : public Napi::ObjectWrap<NativeRuntime>, public Closable {
 public:
  // The methods are plain functions on the prototype (not ObjectWrap's InstanceMethod, which
  // would unwrap any `this` unchecked): each checks its receiver first (see Method).
  static Napi::Function Define(Napi::Env env) {
    Napi::Function ctor = DefineClass(env, "NativeRuntime", {});
    Napi::Object proto = ctor.Get("prototype").As<Napi::Object>();
    auto method = [&](const char* name, Napi::Function::Callback cb) {
      proto.DefineProperty(Napi::PropertyDescriptor::Value(name, Napi::Function::New(env, cb, name),
                                                           static_cast<napi_property_attributes>(napi_writable | napi_configurable)));
    };
    method("spawn", Method<&NativeRuntime::Spawn>);
    method("run", Method<&NativeRuntime::Run>);
    method("step", Method<&NativeRuntime::Step>);
    method("close", Method<&NativeRuntime::Close>);
    method("stats", Method<&NativeRuntime::Stats>);
    method("stackSnapshot", Method<&NativeRuntime::StackSnapshot>);
    method("nativeHandle", Method<&NativeRuntime::NativeHandle>);
    method("channel", Method<&NativeRuntime::Channel>);
    method("watch", Method<&NativeRuntime::Watch>);
    method("unwatch", Method<&NativeRuntime::Unwatch>);
    method("nextWakeMs", Method<&NativeRuntime::NextWakeMs>);
    return ctor;
  }

  static Napi::Value OnCalledAsFunction(const Napi::CallbackInfo& info) {
    ThrowCoded(info.Env(), "ERR_CONSTRUCT_CALL_REQUIRED", "NativeRuntime must be called with new");
    return Napi::Value();
  }

  // new NativeRuntime(stackSize, maxFibers)
  explicit NativeRuntime(const Napi::CallbackInfo& info) : Napi::ObjectWrap<NativeRuntime>(info) {
    Napi::Env env = info.Env();
    double stackSize, maxFibers;
    if (!NumberArg(info, 0, "stackSize", 16 * 1024, 1024 * 1024 * 1024, true, &stackSize)) return;
    if (!NumberArg(info, 1, "maxFibers", 1, kMaxSafeInteger, true, &maxFibers)) return;
    rt_ = std::make_shared<Runtime>(static_cast<size_t>(stackSize), static_cast<size_t>(maxFibers));
    if (rt_->initError() != 0) {
      ThrowErrno(env, rt_->initError(), "epoll_create1");
      rt_.reset();
      return;
    }
    uv_loop_t* loop = nullptr;
    // Only in a worker (the main thread is never terminated): on the main thread the loop fd
    // would wake a blocked run() at every readiness in Node's own loop, for nothing. Put in the
    // runtime's epoll set only during run(): in the Node-loop mode that set is in the loop's own
    // (a cycle epoll refuses).
    if (napi_get_uv_event_loop(env, &loop) == napi_ok && loop != nullptr && loop != uv_default_loop()) wakeFd_ = uv_backend_fd(loop);
    rt_->onJsCall = [this](Fiber* f) { return CallJs(f); };
    info.This().As<Napi::Object>().TypeTag(&kTag);
    if (env.IsExceptionPending()) return;
    env.GetInstanceData<AddonData>()->Track(this);
  }

  ~NativeRuntime() override {
    if (data != nullptr) data->Untrack(this);
    CloseNow();
  }

  // Closes the runtime (the cleanup hook, the finalizer, close()). Never under a running fiber:
  // while run()/step() is on the stack it is only noted, and done when that returns.
  void CloseNow() override {
    if (running_) {
      closePending_ = true;
      return;
    }
    watch_.Stop();
    if (rt_ && !rt_->closed()) rt_->Close();
    callbacks_.clear();
    channels_.clear();
  }

 private:
  // Every method goes through here: `this` must be a NativeRuntime (ERR_INVALID_THIS).
  template <Napi::Value (NativeRuntime::*M)(const Napi::CallbackInfo&)>
  static Napi::Value Method(const Napi::CallbackInfo& info) {
    Napi::Value self = info.This();
    if (!self.IsObject() || !self.As<Napi::Object>().CheckTypeTag(&kTag)) {
      ThrowCoded(info.Env(), "ERR_INVALID_THIS", "the receiver must be a NativeRuntime");
      return Napi::Value();
    }
    NativeRuntime* rt = Unwrap(self.As<Napi::Object>());
    return rt == nullptr ? Napi::Value() : (rt->*M)(info);
  }

  // For every method but close(): the runtime must be open.
  bool Open(Napi::Env env) {
    if (rt_ && !rt_->closed()) return true;
    ThrowCoded(env, "ERR_CLOSED", "the runtime is closed");
    return false;
  }

  // spawn(taskIndex, n, fd, callbacks) -> id of the (first) fiber. Throws ERR_TOO_MANY_FIBERS past
  // maxFibers and the errno's name (ENOMEM) when a stack cannot be mapped: nothing is spawned.
  Napi::Value Spawn(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!info[0].IsNumber()) {
      ThrowCoded(env, "ERR_INVALID_ARG_TYPE", std::string("task must be a task's index (a number), got ") + kit::TypeName(info[0]));
      return Napi::Value();
    }
    double index = info[0].As<Napi::Number>().DoubleValue();
    TaskSpec task = index >= 0 && std::trunc(index) == index ? TaskAt(static_cast<size_t>(std::min(index, 1e9))) : TaskSpec{};
    if (task.fn == nullptr) {
      ThrowCoded(env, "ERR_UNKNOWN_TASK", "no shipped task has index " + std::to_string(index));
      return Napi::Value();
    }
    double n, fd;
    std::vector<Napi::Function> fns;
    bool usesFd = task.arg == TaskArg::kFd;
    bool ok = task.arg == TaskArg::kMs      ? NumberArg(info, 1, "n", 0, INFINITY, false, &n)
              : task.arg == TaskArg::kDepth ? NumberArg(info, 1, "n", 0, rt_ ? RecurseDepthLimit(rt_->stackSize()) : 0, true, &n)
                                            : NumberArg(info, 1, "n", 0, kMaxSafeInteger, true, &n);
    if (!ok) return Napi::Value();
    if (!NumberArg(info, 2, "fd", usesFd ? 0 : -1, INT_MAX, true, &fd)) return Napi::Value();
    if (!FunctionsArg(info, 3, "callbacks", kMaxCallbacks, &fns)) return Napi::Value();
    // Checked after the arguments: an array getter may have run JavaScript that closed it.
    if (!Open(env)) return Napi::Value();
    if (usesFd && !NonBlocking(env, static_cast<int>(fd))) return Napi::Value();
    // All of a task's fibers or none: pingpong's pair never starts half.
    int reserved = rt_->Reserve(static_cast<size_t>(task.fibers));
    if (reserved == -EAGAIN) {
      ThrowCoded(env, "ERR_TOO_MANY_FIBERS", "maxFibers fibers are already alive");
      return Napi::Value();
    }
    if (reserved < 0) {
      ThrowErrno(env, -reserved, "mmap");
      return Napi::Value();
    }
    auto refs = std::make_shared<std::vector<Napi::FunctionReference>>();
    for (const Napi::Function& f : fns) refs->push_back(Napi::Persistent(f));
    auto shared = task.fibers > 1 ? std::make_shared<PingPongShared>() : nullptr;
    int64_t first = 0;
    for (int k = 0; k < task.fibers; k++) {
      auto* d = new TaskData{rt_.get(), n, static_cast<int>(fd), shared.get()};
      int64_t id = rt_->Spawn(task.fn, d);  // cannot fail after Reserve
      if (first == 0) first = id;
      callbacks_[id] = refs;
      rt_->Find(id)->cleanup = [this, d, id, shared]() {
        delete d;
        callbacks_.erase(id);
      };
    }
    return Napi::Number::New(env, static_cast<double>(first));
  }

  // A blocking fd would stall every fiber and the thread in read(): refused up front. An fd
  // that cannot be queried (EBADF) is left to the task, which reports the errno.
  bool NonBlocking(Napi::Env env, int fd) {
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || (flags & O_NONBLOCK)) return true;
    ThrowCoded(env, "ERR_INVALID_ARG_VALUE", "fd " + std::to_string(fd) + " is in blocking mode; set O_NONBLOCK first");
    return false;
  }

  // The scheduler asks for a JS call on behalf of fiber f: we are on the main stack. False (stop
  // the run) if the call could not be made or threw.
  bool CallJs(Fiber* f) {
    if (f->js.channel != 0) return CallChannelJs(f);
    f->js.result = 0;
    auto it = callbacks_.find(f->id);
    if (it == callbacks_.end() || static_cast<size_t>(f->js.slot) >= it->second->size()) return true;
    std::shared_ptr<std::vector<Napi::FunctionReference>> fns = it->second;  // alive during the call
    napi_env env = Env();
    napi_handle_scope scope;
    if (napi_open_handle_scope(env, &scope) != napi_ok) return Stop();
    napi_value argv[4], fn, recv, result;
    bool ok = napi_get_undefined(env, &recv) == napi_ok && napi_get_reference_value(env, (*fns)[f->js.slot], &fn) == napi_ok && fn != nullptr;
    for (int i = 0; ok && i < f->js.nargs; i++) ok = napi_create_double(env, f->js.args[i], &argv[i]) == napi_ok;
    ok = ok && napi_call_function(env, recv, fn, static_cast<size_t>(f->js.nargs), argv, &result) == napi_ok;
    napi_valuetype type;
    if (ok && napi_typeof(env, result, &type) == napi_ok && type == napi_number) napi_get_value_double(env, result, &f->js.result);
    napi_close_handle_scope(env, scope);
    return ok || Stop();
  }

  bool Stop() {
    stopped_ = true;
    return false;
  }

  // A fiber's call_js: the channel's function, or -ENOENT for an id that names none.
  bool CallChannelJs(Fiber* f) {
    auto it = channels_.find(f->js.channel);
    if (it == channels_.end()) {
      f->js.status = -ENOENT;
      f->js.value = {FERRITE_VALUE_UNDEFINED, 0, nullptr, 0};
      return true;
    }
    napi_env env = Env();
    napi_handle_scope scope;
    if (napi_open_handle_scope(env, &scope) != napi_ok) return Stop();
    napi_value fn;
    bool ok = napi_get_reference_value(env, it->second, &fn) == napi_ok && fn != nullptr && CallChannel(env, fn, f);
    napi_close_handle_scope(env, scope);
    return ok || Stop();
  }

  // channel(fn) -> the id a fiber's call_js names it by (> 0, unique in the process while this
  // runtime holds it); kept until the runtime closes.
  Napi::Value Channel(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!info[0].IsFunction()) {
      ThrowCoded(env, "ERR_INVALID_ARG_TYPE", std::string("channel() needs a function, got ") + kit::TypeName(info[0]));
      return Napi::Value();
    }
    if (!Open(env)) return Napi::Value();
    if (channels_.size() >= UINT32_MAX - 1) {
      ThrowCoded(env, "ERR_OUT_OF_RANGE", "this runtime holds 2^32 - 2 channels already");
      return Napi::Value();
    }
    napi_ref ref;
    if (napi_create_reference(env, info[0], 1, &ref) != napi_ok) return Napi::Value();
    uint32_t id = NextChannelId();
    while (channels_.count(id) != 0) id = NextChannelId();
    channels_.emplace(std::piecewise_construct, std::forward_as_tuple(id), std::forward_as_tuple(env, ref));
    return Napi::Number::New(env, id);
  }

  // watch(onReady): the Node-loop mode. onReady is called from Node's loop whenever the runtime's
  // epoll fd is readable (a waited fd is ready, or a fiber was spawned between batches).
  Napi::Value Watch(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!info[0].IsFunction()) {
      ThrowCoded(env, "ERR_INVALID_ARG_TYPE", std::string("watch() needs a function, got ") + kit::TypeName(info[0]));
      return Napi::Value();
    }
    if (!Open(env)) return Napi::Value();
    if (running_) {
      ThrowCoded(env, "ERR_FIBERS_REENTRANT", "watch() called from inside one of this runtime's callbacks");
      return Napi::Value();
    }
    int err = rt_->EnableKick();
    if (err == 0) err = watch_.Start(env, rt_->epollFd(), info[0], info.This());
    if (err != 0) ThrowErrno(env, -err, "uv_poll_start");
    return Napi::Value();
  }

  Napi::Value Unwatch(const Napi::CallbackInfo&) {
    watch_.Stop();
    return Napi::Value();
  }

  // nextWakeMs() -> 0 if a fiber is ready, the ms to the earliest deadline, or -1.
  Napi::Value NextWakeMs(const Napi::CallbackInfo& info) {
    if (!Open(info.Env())) return Napi::Value();
    return Napi::Number::New(info.Env(), static_cast<double>(rt_->NextWakeMs()));
  }

  Napi::Value Run(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!Open(env) || !Enter(env)) return Napi::Value();
    if (wakeFd_ >= 0) rt_->SetWakeFd(wakeFd_);
    uint64_t checkedSwitches = rt_->stats().switches;
    uint64_t checkedAt = NowMs();
    while (!stopped_ && rt_->Step(true) && !rt_->stuck()) {
      // A wake from the loop's fd, or every 10 ms of busy switching: can JavaScript still run?
      bool busy = rt_->stats().switches - checkedSwitches >= 8192;
      if (!rt_->TakeWoken() && !busy) continue;
      checkedSwitches = rt_->stats().switches;
      if (busy && NowMs() - checkedAt < 10) continue;
      checkedAt = NowMs();
      if (!kit::CanRunJs(env)) Stop();
    }
    if (wakeFd_ >= 0 && !rt_->closed()) rt_->ClearWakeFd(wakeFd_);
    bool stuck = !rt_->closed() && rt_->stuck();
    Leave(env);
    // Said rather than blocking the thread for good; the fibers stay (close() ends them).
    if (stuck) ThrowCoded(env, "ERR_FIBERS_DEADLOCK", "run() would never return: every fiber left sleeps forever (no fd wait, no timer); close() ends them");
    return Napi::Value();
  }

  Napi::Value Step(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!Open(env) || !Enter(env)) return Napi::Value();
    bool more = rt_->Step(false);
    Leave(env);
    return Napi::Boolean::New(env, more);
  }

  bool Enter(Napi::Env env) {
    if (running_) {
      ThrowCoded(env, "ERR_FIBERS_REENTRANT", "run()/step() called from inside one of this runtime's callbacks");
      return false;
    }
    running_ = true;
    stopped_ = false;
    return true;
  }

  void Leave(Napi::Env env) {
    running_ = false;
    // A call that failed without an exception, JavaScript still able to run: say so rather than
    // return as if every fiber had finished.
    if (stopped_ && !env.IsExceptionPending() && kit::CanRunJs(env)) {
      ThrowCoded(env, "ERR_FIBERS_CALLBACK_FAILED", "a fiber's JavaScript callback could not be called");
    }
    stopped_ = false;
    if (closePending_) CloseNow();
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    if (running_) {
      // Nothing is freed under a running fiber: its stack and its callbacks are in use.
      ThrowCoded(info.Env(), "ERR_FIBERS_REENTRANT", "close() called from inside one of this runtime's callbacks");
      return Napi::Value();
    }
    CloseNow();
    return Napi::Value();
  }

  Napi::Value Stats(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!Open(env)) return Napi::Value();
    uint64_t highWater = rt_->StackHighWater();
    const auto& s = rt_->stats();
    Napi::Object o = Napi::Object::New(env);
    o.Set("switches", static_cast<double>(s.switches));
    o.Set("spawned", static_cast<double>(s.spawned));
    o.Set("finished", static_cast<double>(s.finished));
    o.Set("live", static_cast<double>(s.live));
    o.Set("maxLive", static_cast<double>(s.maxLive));
    o.Set("stackHighWater", static_cast<double>(highWater));
    o.Set("stackSize", static_cast<double>(rt_->stackSize()));
    o.Set("pooledStacks", static_cast<double>(rt_->pooledStacks()));
    o.Set("guard", rt_->guardMode());
    return o;
  }

  // stackSnapshot(id, bytes) -> { sp, top, bytes: Buffer } of a suspended fiber, from its saved
  // stack pointer upwards (the book's b-show-stack); null for an id that is not alive.
  Napi::Value StackSnapshot(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    double id, want;
    if (!NumberArg(info, 0, "id", 1, kMaxSafeInteger, true, &id)) return Napi::Value();
    if (!NumberArg(info, 1, "bytes", 0, kMaxSafeInteger, true, &want)) return Napi::Value();
    if (!Open(env)) return Napi::Value();
    Fiber* f = rt_->Find(static_cast<int64_t>(id));
    if (f == nullptr || f->state == FiberState::Running) return env.Null();
    char* sp = static_cast<char*>(f->ctx.sp);
    size_t avail = static_cast<size_t>(f->stack.top() - sp);
    size_t n = std::min(static_cast<size_t>(want), avail);
    Napi::Object o = Napi::Object::New(env);
    o.Set("sp", Napi::BigInt::New(env, static_cast<uint64_t>(reinterpret_cast<uintptr_t>(sp))));
    o.Set("top", Napi::BigInt::New(env, static_cast<uint64_t>(reinterpret_cast<uintptr_t>(f->stack.top()))));
    Napi::Buffer<char> bytes = Napi::Buffer<char>::New(env, n);
    if (bytes.IsEmpty() || (n > 0 && bytes.Data() == nullptr)) return Napi::Value();
    CopyRawStack(bytes.Data(), sp, n);
    o.Set("bytes", bytes);
    return o;
  }

  Napi::Value NativeHandle(const Napi::CallbackInfo& info) {
    if (!Open(info.Env())) return Napi::Value();
    napi_value handle = MakeHandle(info.Env(), rt_);
    return handle == nullptr ? Napi::Value() : Napi::Value(info.Env(), handle);
  }

  // A channel's function, released with the runtime (or the environment).
  struct ChannelRef {
    ChannelRef(napi_env env, napi_ref ref) : env(env), ref(ref) {}
    ChannelRef(const ChannelRef&) = delete;
    ~ChannelRef() { napi_delete_reference(env, ref); }
    operator napi_ref() const { return ref; }
    napi_env env;
    napi_ref ref;
  };

  std::shared_ptr<Runtime> rt_;
  std::unordered_map<uint32_t, ChannelRef> channels_;  // by id, from NextChannelId
  LoopWatch watch_;
  int wakeFd_ = -1;  // the worker's libuv loop fd (-1 on the main thread)
  std::unordered_map<int64_t, std::shared_ptr<std::vector<Napi::FunctionReference>>> callbacks_;
  bool running_ = false;       // run()/step() is on the stack
  bool stopped_ = false;       // a JS call failed: the current run()/step() ends now
  bool closePending_ = false;  // CloseNow came while running: done by Leave
};

Napi::Function DefineNativeRuntime(Napi::Env env) { return NativeRuntime::Define(env); }

}  // namespace ferrite
