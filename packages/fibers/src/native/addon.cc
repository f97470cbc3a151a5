// The N-API face of the fiber runtime: a thin class over Runtime. Validation and policy live in
// the TypeScript layer; this file converts arguments, makes the JS calls fibers ask for (on the
// main stack, from the scheduler) and guards against re-entrant runs.
#include <napi.h>

#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "runtime.h"
#include "tasks.h"

namespace ferrite {

double BenchSwitch(int kind, uint64_t iterations);

namespace {

// Copies raw stack memory. A suspended fiber's frames contain sanitizer redzones between locals;
// reading across them is the point of a stack dump, so this copy is exempt from ASan.
__attribute__((no_sanitize_address)) void CopyRawStack(char* dst, const char* src, size_t n) {
  for (size_t i = 0; i < n; i++) dst[i] = static_cast<const volatile char*>(src)[i];
}

struct AddonData {
  std::unordered_set<class NativeRuntime*> live;
};

class NativeRuntime : public Napi::ObjectWrap<NativeRuntime> {
 public:
  static Napi::Function Init(Napi::Env env) {
    return DefineClass(env, "NativeRuntime",
                       {
                           InstanceMethod<&NativeRuntime::Spawn>("spawn"),
                           InstanceMethod<&NativeRuntime::Run>("run"),
                           InstanceMethod<&NativeRuntime::Step>("step"),
                           InstanceMethod<&NativeRuntime::Close>("close"),
                           InstanceMethod<&NativeRuntime::Stats>("stats"),
                           InstanceMethod<&NativeRuntime::StackSnapshot>("stackSnapshot"),
                           InstanceMethod<&NativeRuntime::NativeHandle>("nativeHandle"),
                           InstanceAccessor<&NativeRuntime::Running>("running"),
                       });
  }

  explicit NativeRuntime(const Napi::CallbackInfo& info) : Napi::ObjectWrap<NativeRuntime>(info) {
    size_t stackSize = info[0].As<Napi::Number>().Int64Value();
    size_t maxFibers = info[1].As<Napi::Number>().Int64Value();
    rt_ = std::make_unique<Runtime>(stackSize, maxFibers);
    rt_->onJsCall = [this](Fiber* f) { CallJs(f); };
    data_ = info.Env().GetInstanceData<AddonData>();
    data_->live.insert(this);
  }

  ~NativeRuntime() override {
    if (data_ != nullptr) data_->live.erase(this);
    CloseNow();
  }

  void CloseNow() {
    if (rt_ && !rt_->closed()) rt_->Close();
    callbacks_.clear();
  }

  void Detach() { data_ = nullptr; }

 private:
  // spawn(task, n, fd, callbacks) -> id (or -errno)
  Napi::Value Spawn(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    std::string name = info[0].As<Napi::String>().Utf8Value();
    ferrite_fiber_fn fn = TaskByName(name);
    if (fn == nullptr) return Napi::Number::New(env, -2);
    double n = info[1].As<Napi::Number>().DoubleValue();
    int fd = info[2].As<Napi::Number>().Int32Value();
    Napi::Array cbs = info[3].As<Napi::Array>();
    std::vector<Napi::FunctionReference> refs;
    for (uint32_t i = 0; i < cbs.Length(); i++) refs.push_back(Napi::Persistent(cbs.Get(i).As<Napi::Function>()));
    auto shared = name == "pingpong" ? std::make_shared<PingPongShared>() : nullptr;
    int count = name == "pingpong" ? 2 : 1;
    int64_t first = 0;
    auto sharedCallbacks = std::make_shared<std::vector<Napi::FunctionReference>>(std::move(refs));
    for (int k = 0; k < count; k++) {
      auto* d = new TaskData{rt_.get(), n, fd, shared.get()};
      int64_t id = rt_->Spawn(fn, d);
      if (id < 0) {
        delete d;
        return Napi::Number::New(env, static_cast<double>(id));
      }
      if (first == 0) first = id;
      callbacks_[id] = sharedCallbacks;
      Fiber* f = rt_->Find(id);
      f->cleanup = [this, d, id, shared]() {
        delete d;
        callbacks_.erase(id);
      };
    }
    return Napi::Number::New(env, static_cast<double>(first));
  }

  // The scheduler asks for a JS call on behalf of fiber f: we are on the main stack.
  void CallJs(Fiber* f) {
    f->js.result = 0;
    if (pendingError_) return;  // an earlier callback threw: run() is unwinding
    auto it = callbacks_.find(f->id);
    if (it == callbacks_.end() || static_cast<size_t>(f->js.slot) >= it->second->size()) return;
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    std::vector<napi_value> args;
    for (int i = 0; i < f->js.nargs; i++) args.push_back(Napi::Number::New(env, f->js.args[i]));
    Napi::Value r = (*it->second)[f->js.slot].Call(args);
    if (env.IsExceptionPending()) {
      pendingError_ = true;
      return;
    }
    if (r.IsNumber()) f->js.result = r.As<Napi::Number>().DoubleValue();
  }

  Napi::Value Run(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!Enter(env)) return env.Undefined();
    while (rt_->Step(true) && !pendingError_) {
    }
    Leave();
    return env.Undefined();
  }

  Napi::Value Step(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!Enter(env)) return env.Undefined();
    bool more = rt_->Step(false);
    Leave();
    return Napi::Boolean::New(env, more);
  }

  bool Enter(Napi::Env env) {
    if (running_) {
      Napi::Error e = Napi::Error::New(env, "run()/step() called from inside one of this runtime's callbacks");
      e.Set("code", "ERR_FIBERS_REENTRANT");
      e.ThrowAsJavaScriptException();
      return false;
    }
    running_ = true;
    pendingError_ = false;
    return true;
  }

  void Leave() {
    running_ = false;
    pendingError_ = false;
  }

  Napi::Value Running(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), running_); }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    CloseNow();
    return info.Env().Undefined();
  }

  Napi::Value Stats(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const auto& s = rt_->stats();
    Napi::Object o = Napi::Object::New(env);
    o.Set("switches", static_cast<double>(s.switches));
    o.Set("spawned", static_cast<double>(s.spawned));
    o.Set("finished", static_cast<double>(s.finished));
    o.Set("live", static_cast<double>(s.live));
    o.Set("maxLive", static_cast<double>(s.maxLive));
    o.Set("stackHighWater", static_cast<double>(s.stackHighWater));
    o.Set("stackSize", static_cast<double>(rt_->stackSize()));
    o.Set("pooledStacks", static_cast<double>(rt_->pooledStacks()));
    o.Set("guard", rt_->guardMode());
    return o;
  }

  // stackSnapshot(id, bytes) -> { sp, top, bytes: Buffer } of a suspended fiber, from its saved
  // stack pointer upwards (the book's b-show-stack).
  Napi::Value StackSnapshot(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Fiber* f = rt_->Find(static_cast<int64_t>(info[0].As<Napi::Number>().DoubleValue()));
    if (f == nullptr || f->state == FiberState::Running) return env.Null();
    size_t want = info[1].As<Napi::Number>().Uint32Value();
    char* sp = static_cast<char*>(f->ctx.sp);
    size_t avail = static_cast<size_t>(f->stack.top() - sp);
    size_t n = std::min(want, avail);
    Napi::Object o = Napi::Object::New(env);
    o.Set("sp", Napi::BigInt::New(env, static_cast<uint64_t>(reinterpret_cast<uintptr_t>(sp))));
    o.Set("top", Napi::BigInt::New(env, static_cast<uint64_t>(reinterpret_cast<uintptr_t>(f->stack.top()))));
    Napi::Buffer<char> bytes = Napi::Buffer<char>::New(env, n);
    CopyRawStack(bytes.Data(), sp, n);
    o.Set("bytes", bytes);
    return o;
  }

  Napi::Value NativeHandle(const Napi::CallbackInfo& info) {
    return Napi::External<ferrite_fiber_runtime>::New(info.Env(), rt_.get());
  }

  std::unique_ptr<Runtime> rt_;
  std::unordered_map<int64_t, std::shared_ptr<std::vector<Napi::FunctionReference>>> callbacks_;
  AddonData* data_ = nullptr;
  bool running_ = false;
  bool pendingError_ = false;
};

Napi::Value BenchSwitchJs(const Napi::CallbackInfo& info) {
  int kind = info[0].As<Napi::Number>().Int32Value();
  uint64_t n = static_cast<uint64_t>(info[1].As<Napi::Number>().Int64Value());
  return Napi::Number::New(info.Env(), BenchSwitch(kind, n));
}

void Cleanup(void* arg) {
  auto* data = static_cast<AddonData*>(arg);
  for (NativeRuntime* r : data->live) {
    r->CloseNow();
    r->Detach();
  }
  data->live.clear();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData();
  env.SetInstanceData<AddonData>(data);
  napi_add_env_cleanup_hook(env, Cleanup, data);
  exports.Set("NativeRuntime", NativeRuntime::Init(env));
  exports.Set("benchSwitch", Napi::Function::New(env, BenchSwitchJs, "benchSwitch"));
  return exports;
}

}  // namespace
}  // namespace ferrite

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return ferrite::Init(env, exports); }
NODE_API_MODULE(ferrite_fibers, InitModule)
