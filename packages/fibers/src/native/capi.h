// The C API handed to other addons (include/ferrite/fibers.h): the function table and the tagged
// External that carries it with a runtime.
#pragma once

#include <node_api.h>

#include <memory>

#include "runtime.h"

namespace ferrite {

// The table: immutable, one for the whole process (every runtime, environment and thread).
const ferrite_fibers_api* FibersApi();

// runtime.nativeHandle(): an External tagged FERRITE_FIBERS_HANDLE_TAG whose data is a
// ferrite_fibers_handle for `rt`. It holds a reference to the Runtime, so a consumer that keeps
// the External keeps valid memory behind the pointer (closed, perhaps: then calls say -EBADF).
// nullptr if N-API failed (an exception may be pending).
napi_value MakeHandle(napi_env env, std::shared_ptr<Runtime> rt);

}  // namespace ferrite
