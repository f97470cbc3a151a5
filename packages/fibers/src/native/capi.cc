// The function table of the C API. Every entry checks what a consumer can get wrong (a null or
// closed runtime, a call from outside a fiber or from another thread, bad values) and returns a
// negative errno rather than crash or switch stacks under the wrong fiber.
#include "capi.h"

#include <sys/epoll.h>

#include <cerrno>
#include <cstdint>

namespace ferrite {

namespace {

Runtime* Rt(ferrite_fiber_runtime* rt) { return static_cast<Runtime*>(rt); }

// 0 if the caller is a running fiber of rt (on its thread), else why not. The thread is checked
// first: another thread reads nothing of the runtime's state, which its owner changes unlocked.
int InFiber(ferrite_fiber_runtime* rt) {
  if (rt == nullptr) return -EINVAL;
  if (!Rt(rt)->OnOwnerThread()) return -EPERM;
  if (Rt(rt)->closed()) return -EBADF;
  return Rt(rt)->InFiber() ? 0 : -EPERM;
}

int64_t Spawn(ferrite_fiber_runtime* rt, ferrite_fiber_fn fn, void* arg, ferrite_fiber_cleanup_fn cleanup) {
  if (rt == nullptr) return -EINVAL;
  int64_t id = Rt(rt)->Spawn(fn, arg);
  if (id > 0 && cleanup != nullptr) Rt(rt)->Find(id)->cleanup = [cleanup, arg] { cleanup(arg); };
  return id;
}

int Yield(ferrite_fiber_runtime* rt) {
  if (int err = InFiber(rt)) return err;
  Rt(rt)->Yield();
  return 0;
}

int Wait(ferrite_fiber_runtime* rt, int fd, int64_t timeoutMs, uint32_t events) {
  if (int err = InFiber(rt)) return err;
  if (fd < 0) return -EBADF;
  if (timeoutMs < FERRITE_FIBER_NO_TIMEOUT) return -EINVAL;
  return Rt(rt)->WaitFd(fd, events, timeoutMs);
}

int WaitReadable(ferrite_fiber_runtime* rt, int fd, int64_t timeoutMs) { return Wait(rt, fd, timeoutMs, EPOLLIN | EPOLLRDHUP); }

int WaitWritable(ferrite_fiber_runtime* rt, int fd, int64_t timeoutMs) { return Wait(rt, fd, timeoutMs, EPOLLOUT); }

int Sleep(ferrite_fiber_runtime* rt, uint64_t ms) {
  if (int err = InFiber(rt)) return err;
  Rt(rt)->Sleep(ms);
  return 0;
}

int64_t Current(ferrite_fiber_runtime* rt) { return InFiber(rt) == 0 ? Rt(rt)->current()->id : 0; }

// The values are checked here, in the fiber, so that the scheduler side only converts.
int CallJs(ferrite_fiber_runtime* rt, uint32_t channel, const ferrite_fiber_value* values, size_t n, ferrite_fiber_value* result) {
  if (int err = InFiber(rt)) return err;
  if (n > FERRITE_FIBER_MAX_VALUES || (n > 0 && values == nullptr)) return -EINVAL;
  for (size_t i = 0; i < n; i++) {
    int32_t type = values[i].type;
    if (type < FERRITE_VALUE_UNDEFINED || type > FERRITE_VALUE_BYTES) return -EINVAL;
    if (type != FERRITE_VALUE_STRING && type != FERRITE_VALUE_BYTES) continue;
    if (values[i].data == nullptr && values[i].length > 0) return -EINVAL;
    // A length with its top bit set is a negative count cast to size_t (a failed read's -1). And
    // (size_t)-1 is N-API's NAPI_AUTO_LENGTH: the string would be read up to a NUL, past the data.
    if (values[i].length > static_cast<size_t>(PTRDIFF_MAX)) return -EINVAL;
  }
  if (channel == 0) return -ENOENT;
  return Rt(rt)->CallChannel(channel, values, n, result);
}

const ferrite_fibers_api kApi = {
    FERRITE_FIBERS_API_VERSION, sizeof(ferrite_fibers_api), Spawn, Yield, WaitReadable, WaitWritable, Sleep, Current, CallJs,
};

struct HandleHolder {
  ferrite_fibers_handle handle;
  std::shared_ptr<Runtime> keep;
};

}  // namespace

const ferrite_fibers_api* FibersApi() { return &kApi; }

napi_value MakeHandle(napi_env env, std::shared_ptr<Runtime> rt) {
  auto* holder = new HandleHolder{{&kApi, rt.get()}, std::move(rt)};
  napi_value external;
  // The data is the C struct; the holder (with the reference) comes back as the hint.
  auto finalize = [](napi_env, void*, void* hint) { delete static_cast<HandleHolder*>(hint); };
  if (napi_create_external(env, &holder->handle, finalize, holder, &external) != napi_ok) {
    delete holder;
    return nullptr;
  }
  if (napi_type_tag_object(env, external, &FERRITE_FIBERS_HANDLE_TAG) != napi_ok) return nullptr;
  return external;
}

}  // namespace ferrite
