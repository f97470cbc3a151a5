// The N-API class over Runtime (exported as NativeRuntime). Policy and friendly errors live in
// the TypeScript layer; this class still checks every argument and its `this`, so that calling
// the binding directly, however wrongly, gives a coded error and never a crash.
#pragma once

#include <ferrite/live_set.h>
#include <napi.h>

namespace ferrite {

// Per environment (instance data, so worker threads each have their own): the runtimes alive
// in it (addon-kit's LiveSet), closed by the environment's cleanup hook (CloseLive).
struct AddonData;
using Closable = kit::Closable<AddonData>;

struct AddonData : kit::LiveSet<AddonData> {
  // (code, message) => FiberError, handed over by the TS loader (binding.ts) so that the addon
  // throws the package's one error class; empty when the .node file is loaded on its own.
  Napi::FunctionReference errorFactory;
};

Napi::Function DefineNativeRuntime(Napi::Env env);

}  // namespace ferrite
