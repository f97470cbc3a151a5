// The value channel's JavaScript side: a fiber's call_js made on the main stack.
#pragma once

#include <node_api.h>

#include "runtime.h"

namespace ferrite {

// Calls fn(fiberId, ...values) for fiber f's channel call and stores the outcome in f->js (value
// and status, see ferrite/fibers.h). Returns false only when JavaScript cannot run (a worker being
// terminated): the run must stop and the fiber not be resumed.
bool CallChannel(napi_env env, napi_value fn, Fiber* f);

}  // namespace ferrite
