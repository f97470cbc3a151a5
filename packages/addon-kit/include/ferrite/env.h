// Questions about the Node environment an addon's code runs in.
#pragma once

#include <node_api.h>

namespace ferrite {
namespace kit {

// Whether this environment can still run JavaScript: false once a worker's termination began (or
// an exception is pending), so a native loop about to call back into JS can stop instead.
// napi_coerce_to_bool is one of the calls that check it first.
inline bool CanRunJs(napi_env env) {
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return false;
  napi_value t, b;
  bool ok = napi_get_boolean(env, true, &t) == napi_ok && napi_coerce_to_bool(env, t, &b) == napi_ok;
  napi_close_handle_scope(env, scope);
  return ok;
}

}  // namespace kit
}  // namespace ferrite
