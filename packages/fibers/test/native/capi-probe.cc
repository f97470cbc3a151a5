// A test-only consumer of the C API (include/ferrite/fibers.h), built by test/util/probe.ts with
// nothing but that header and Node's: every table entry, called rightly and wrongly, its results
// reported to JavaScript through the value channel. Plain N-API, no node-addon-api.
#include <ferrite/fibers.h>
#include <node_api.h>

#include <atomic>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

// How many cleanups ran (the tests compare it with how many fibers they spawned).
std::atomic<int> g_cleanups{0};

struct Job {
  ferrite_fibers_handle h;
  uint32_t channel;
  int kind;
  int fd;
  double a;  // a timeout, a duration, a count
  std::string text;
};

ferrite_fiber_value Num(double d) { return {FERRITE_VALUE_NUMBER, d, nullptr, 0}; }
ferrite_fiber_value Str(const std::string& s) { return {FERRITE_VALUE_STRING, 0, s.data(), s.size()}; }

// Reports (label, number) to the channel; returns call_js's status.
int Report(Job* j, const char* label, double n) {
  ferrite_fiber_value v[2] = {Str(label), Num(n)};
  return j->h.api->call_js(j->h.rt, j->channel, v, 2, nullptr);
}

void Body(void* arg) {
  auto* j = static_cast<Job*>(arg);
  const ferrite_fibers_api* api = j->h.api;
  ferrite_fiber_runtime* rt = j->h.rt;
  switch (j->kind) {
    case 0:  // wait readable with a timeout
      Report(j, "wait", api->wait_readable(rt, j->fd, static_cast<int64_t>(j->a)));
      break;
    case 1:  // wait writable with a timeout
      Report(j, "wait", api->wait_writable(rt, j->fd, static_cast<int64_t>(j->a)));
      break;
    case 2:  // sleep, then report its status and the fiber's id
      Report(j, "sleep", api->sleep(rt, static_cast<uint64_t>(j->a)));
      Report(j, "current", static_cast<double>(api->current(rt)));
      break;
    case 3: {  // a round trip of every value type; the result goes back in a second call
      std::string bytes("\x00\x01\xff", 3);
      ferrite_fiber_value v[5] = {Str("values"), Num(1.5), Str(j->text), {FERRITE_VALUE_BYTES, 0, bytes.data(), 3},
                                  {FERRITE_VALUE_UNDEFINED, 0, nullptr, 0}};
      ferrite_fiber_value result;
      int status = api->call_js(rt, j->channel, v, 5, &result);
      ferrite_fiber_value back[4] = {Str("result"), Num(status), Num(result.type), result};
      api->call_js(rt, j->channel, back, 4, nullptr);
      break;
    }
    case 4: {  // what call_js refuses, and the C API from a fiber of another kind of misuse
      ferrite_fiber_value many[FERRITE_FIBER_MAX_VALUES + 1];
      for (auto& v : many) v = Num(0);
      ferrite_fiber_value badType = {7, 0, nullptr, 0};
      ferrite_fiber_value nullData = {FERRITE_VALUE_STRING, 0, nullptr, 5};
      Report(j, "tooMany", api->call_js(rt, j->channel, many, FERRITE_FIBER_MAX_VALUES + 1, nullptr));
      Report(j, "badType", api->call_js(rt, j->channel, &badType, 1, nullptr));
      Report(j, "nullData", api->call_js(rt, j->channel, &nullData, 1, nullptr));
      Report(j, "channel0", api->call_js(rt, 0, nullptr, 0, nullptr));
      Report(j, "noChannel", api->call_js(rt, 999999, nullptr, 0, nullptr));
      Report(j, "badTimeout", api->wait_readable(rt, j->fd, -2));
      Report(j, "badFd", api->wait_readable(rt, -1, 0));
      Report(j, "nullFn", static_cast<double>(api->spawn(rt, nullptr, nullptr, nullptr)));
      Report(j, "yield", api->yield(rt));
      break;
    }
    case 6: {  // waits n times on an fd that stays readable, each wait with a long timeout
      int failures = 0;
      for (int i = 0; i < static_cast<int>(j->a); i++) failures += api->wait_readable(rt, j->fd, 60000) != 0;
      Report(j, "waited", failures);
      break;
    }
    case 5:  // yields n times, then reports
      for (int i = 0; i < static_cast<int>(j->a); i++) api->yield(rt);
      Report(j, "yielded", j->a);
      break;
  }
}

void Cleanup(void* arg) {
  g_cleanups++;
  delete static_cast<Job*>(arg);
}

bool Number(napi_env env, napi_value v, double* out) { return napi_get_value_double(env, v, out) == napi_ok; }

napi_value Int(napi_env env, double d) {
  napi_value v;
  napi_create_double(env, d, &v);
  return v;
}

// spawn(handle, channel, kind, fd, a, text) -> the fiber's id or -errno
napi_value Spawn(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  ferrite_fibers_handle h;
  int err = ferrite_fibers_import(env, argv[0], &h);
  if (err != 0) return Int(env, err);
  double channel, kind, fd, a;
  Number(env, argv[1], &channel);
  Number(env, argv[2], &kind);
  Number(env, argv[3], &fd);
  Number(env, argv[4], &a);
  char text[256] = "";
  size_t len = 0;
  napi_get_value_string_utf8(env, argv[5], text, sizeof text, &len);
  auto* j = new Job{h, static_cast<uint32_t>(channel), static_cast<int>(kind), static_cast<int>(fd), a, std::string(text, len)};
  int64_t id = h.api->spawn(h.rt, Body, j, Cleanup);
  if (id < 0) delete j;
  return Int(env, static_cast<double>(id));
}

// importCode(value) -> ferrite_fibers_import's result
napi_value ImportCode(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  ferrite_fibers_handle h;
  return Int(env, ferrite_fibers_import(env, argv[0], &h));
}

// outsideFiber(handle) -> [yield, wait_readable, wait_writable, sleep, call_js, current], called on
// the main stack (every one refused with -EPERM, or 0 for current).
napi_value OutsideFiber(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  ferrite_fibers_handle h;
  if (ferrite_fibers_import(env, argv[0], &h) != 0) return nullptr;
  double results[6] = {
      static_cast<double>(h.api->yield(h.rt)),        static_cast<double>(h.api->wait_readable(h.rt, 0, 0)),
      static_cast<double>(h.api->wait_writable(h.rt, 1, 0)), static_cast<double>(h.api->sleep(h.rt, 1)),
      static_cast<double>(h.api->call_js(h.rt, 1, nullptr, 0, nullptr)), static_cast<double>(h.api->current(h.rt)),
  };
  napi_value array;
  napi_create_array_with_length(env, 6, &array);
  for (uint32_t i = 0; i < 6; i++) napi_set_element(env, array, i, Int(env, results[i]));
  return array;
}

// tableInfo(handle) -> [version, size]
napi_value TableInfo(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  ferrite_fibers_handle h;
  if (ferrite_fibers_import(env, argv[0], &h) != 0) return nullptr;
  napi_value array;
  napi_create_array_with_length(env, 2, &array);
  napi_set_element(env, array, 0, Int(env, h.api->version));
  napi_set_element(env, array, 1, Int(env, h.api->size));
  return array;
}

// fromAnotherThread(handle) -> what spawn says when called from a thread that does not own the
// runtime (the thread is joined before returning).
napi_value FromAnotherThread(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  ferrite_fibers_handle h;
  if (ferrite_fibers_import(env, argv[0], &h) != 0) return nullptr;
  int64_t result = 0;
  std::thread t([&] { result = h.api->spawn(h.rt, Body, nullptr, nullptr); });
  t.join();
  return Int(env, static_cast<double>(result));
}

napi_value Cleanups(napi_env env, napi_callback_info) { return Int(env, g_cleanups.load()); }

}  // namespace

NAPI_MODULE_INIT() {
  const struct {
    const char* name;
    napi_callback cb;
  } fns[] = {{"spawn", Spawn}, {"importCode", ImportCode}, {"outsideFiber", OutsideFiber}, {"tableInfo", TableInfo}, {"cleanups", Cleanups}, {"fromAnotherThread", FromAnotherThread}};
  for (const auto& f : fns) {
    napi_value fn;
    napi_create_function(env, f.name, NAPI_AUTO_LENGTH, f.cb, nullptr, &fn);
    napi_set_named_property(env, exports, f.name, fn);
  }
  return exports;
}
