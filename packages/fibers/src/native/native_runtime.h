// The N-API class over Runtime (exported as NativeRuntime). Policy and friendly errors live in
// the TypeScript layer; this class still checks every argument and its `this`, so that calling
// the binding directly, however wrongly, gives a coded error and never a crash.
#pragma once

#include <napi.h>

#include <unordered_set>

namespace ferrite {

class NativeRuntime;

// Per environment (instance data, so worker threads each have their own): the runtimes alive
// in it, closed by the environment's cleanup hook.
struct AddonData {
  std::unordered_set<NativeRuntime*> live;
  // (code, message) => FiberError, handed over by the TS loader (binding.ts) so that the addon
  // throws the package's one error class; empty when the .node file is loaded on its own.
  Napi::FunctionReference errorFactory;
};

Napi::Function DefineNativeRuntime(Napi::Env env);

// The environment is ending: closes every runtime still open in it.
void CloseAll(AddonData* data);

}  // namespace ferrite
