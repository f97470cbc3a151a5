// The module's entry: NativeRuntime and benchSwitch, with an env cleanup hook that closes what
// a worker left open. State is per environment (instance data) or per runtime, except the
// process-global state a signal handler needs (guard.cc: the handler, its slot table, the count
// of open runtimes; per thread, the alternate signal stack), the `recurse` task's frame size,
// measured once and read-only after (tasks.cc, RecurseFrameBytes), and the atomic counter that
// numbers channels process-wide (native_runtime.cc, NextChannelId).
#include <napi.h>

#include "args.h"
#include "native_runtime.h"
#include "tasks.h"

namespace ferrite {

double BenchSwitch(int kind, uint64_t iterations);

namespace {

// Iterations allowed per kind: about a second at most on a current x86-64 machine (ferrite's
// and the minimal switch take ~30-60 ns an iteration, swapcontext ~0.5-1.2 us with its
// sigprocmask syscalls). The benchmark blocks the thread and cannot be interrupted, so a careless
// value must be an error, not a thread blocked for minutes (1e9 swapcontext took ~20 minutes).
// Kept in step with BENCH_MAX_ITERATIONS in runtime.ts.
constexpr double kBenchMaxIterations[3] = {2e7, 2e7, 1e6};

// benchSwitch(kind: 0 ferrite | 1 minimal | 2 swapcontext, iterations) -> ns per one-way switch.
Napi::Value BenchSwitchJs(const Napi::CallbackInfo& info) {
  double kind, iterations;
  if (!NumberArg(info, 0, "kind", 0, 2, true, &kind)) return Napi::Value();
  if (!NumberArg(info, 1, "iterations", 1, kBenchMaxIterations[static_cast<int>(kind)], true, &iterations)) return Napi::Value();
  return Napi::Number::New(info.Env(), BenchSwitch(static_cast<int>(kind), static_cast<uint64_t>(iterations)));
}

// recurseDepthLimit(stackSize) -> the deepest `recurse` a stack of that size accepts.
Napi::Value RecurseDepthLimitJs(const Napi::CallbackInfo& info) {
  double stackSize;
  if (!NumberArg(info, 0, "stackSize", 0, 9007199254740991.0, true, &stackSize)) return Napi::Value();
  return Napi::Number::New(info.Env(), RecurseDepthLimit(static_cast<size_t>(stackSize)));
}

// taskTable() -> [argKind, fibers] per task index (argKind: 0 count, 1 ms, 2 fd, 3 depth), for
// the test that keeps src/tasks.ts's table in step with tasks.cc's.
Napi::Value TaskTableJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array table = Napi::Array::New(env, TaskCount());
  for (size_t i = 0; i < TaskCount(); i++) {
    Napi::Array row = Napi::Array::New(env, 2);
    row.Set(uint32_t{0}, static_cast<double>(TaskAt(i).arg));
    row.Set(uint32_t{1}, static_cast<double>(TaskAt(i).fibers));
    table.Set(static_cast<uint32_t>(i), row);
  }
  return table;
}

// setErrorFactory((code, message) => Error): the TS loader's FiberError constructor.
Napi::Value SetErrorFactory(const Napi::CallbackInfo& info) {
  if (!info[0].IsFunction()) {
    ThrowCoded(info.Env(), "ERR_INVALID_ARG_TYPE", "the error factory must be a function");
    return Napi::Value();
  }
  info.Env().GetInstanceData<AddonData>()->errorFactory = Napi::Persistent(info[0].As<Napi::Function>());
  return Napi::Value();
}

void Cleanup(void* arg) { static_cast<AddonData*>(arg)->CloseLive(); }

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData();
  env.SetInstanceData<AddonData>(data);
  napi_add_env_cleanup_hook(env, Cleanup, data);
  exports.Set("NativeRuntime", DefineNativeRuntime(env));
  exports.Set("benchSwitch", Napi::Function::New(env, BenchSwitchJs, "benchSwitch"));
  exports.Set("recurseDepthLimit", Napi::Function::New(env, RecurseDepthLimitJs, "recurseDepthLimit"));
  exports.Set("taskTable", Napi::Function::New(env, TaskTableJs, "taskTable"));
  exports.Set("setErrorFactory", Napi::Function::New(env, SetErrorFactory, "setErrorFactory"));
  return exports;
}

}  // namespace
}  // namespace ferrite

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return ferrite::Init(env, exports); }
NODE_API_MODULE(ferrite_fibers, InitModule)
