// A test-only consumer of the C API (include/ferrite/fibers.h), built by test/util/probe.ts with
// nothing but that header and Node's: every table entry, called rightly and wrongly, its results
// reported to JavaScript through the value channel. Plain N-API, no node-addon-api.
#include <ferrite/fibers.h>
#include <node_api.h>
#include <unistd.h>

#include <atomic>
#include <climits>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

// How many cleanups ran (the tests compare it with how many fibers they spawned).
std::atomic<int> g_cleanups{0};

// What re-entering cleanups saw (cleanupCalls() hands them over and clears them).
std::mutex g_mutex;
std::vector<double> g_cleanupCalls;

// A handle kept by keep(), for useKept() from another thread (a worker).
ferrite_fibers_handle g_kept{};

struct Job {
  ferrite_fibers_handle h;
  uint32_t channel;
  int kind;
  int fd;
  double a;      // a timeout, a duration, a count, another channel
  uint64_t raw;  // `a` as 64 bits: exact when JavaScript passed a BigInt (mod 2^64)
  std::string text;
  ferrite_fibers_handle other{};  // another runtime's handle (kind 13), or none
};

ferrite_fiber_value Num(double d) { return {FERRITE_VALUE_NUMBER, d, nullptr, 0}; }
ferrite_fiber_value Str(const std::string& s) { return {FERRITE_VALUE_STRING, 0, s.data(), s.size()}; }

// Reports (label, number) to the channel; returns call_js's status.
int Report(Job* j, const char* label, double n) {
  ferrite_fiber_value v[2] = {Str(label), Num(n)};
  return j->h.api->call_js(j->h.rt, j->channel, v, 2, nullptr);
}

// call_js with one value, reported under `label`.
void ReportCall(Job* j, const char* label, const ferrite_fiber_value& v) { Report(j, label, j->h.api->call_js(j->h.rt, j->channel, &v, 1, nullptr)); }

void Yielder(void* arg) {
  auto* j = static_cast<Job*>(arg);
  for (int i = 0; i < static_cast<int>(j->a); i++) j->h.api->yield(j->h.rt);
}

void Body(void* arg) {
  auto* j = static_cast<Job*>(arg);
  const ferrite_fibers_api* api = j->h.api;
  ferrite_fiber_runtime* rt = j->h.rt;
  switch (j->kind) {
    case 0:  // wait readable with a timeout (`a`, or `raw` when a BigInt)
      Report(j, "wait", api->wait_readable(rt, j->fd, static_cast<int64_t>(j->raw)));
      break;
    case 1:  // wait writable with a timeout
      Report(j, "wait", api->wait_writable(rt, j->fd, static_cast<int64_t>(j->raw)));
      break;
    case 2:  // sleep, then report its status and the fiber's id
      Report(j, "sleep", api->sleep(rt, j->raw));
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
      Report(j, "tooMany", api->call_js(rt, j->channel, many, FERRITE_FIBER_MAX_VALUES + 1, nullptr));
      ReportCall(j, "badType", {7, 0, nullptr, 0});
      ReportCall(j, "negativeType", {-1, 0, nullptr, 0});
      ReportCall(j, "nullData", {FERRITE_VALUE_STRING, 0, nullptr, 5});
      // A length of (size_t)-1, as a failed read's -1 becomes: never read as "up to a NUL".
      ReportCall(j, "hugeString", {FERRITE_VALUE_STRING, 0, "abc", SIZE_MAX});
      ReportCall(j, "hugeBytes", {FERRITE_VALUE_BYTES, 0, "abc", SIZE_MAX});
      Report(j, "channel0", api->call_js(rt, 0, nullptr, 0, nullptr));
      Report(j, "noChannel", api->call_js(rt, 999999, nullptr, 0, nullptr));
      Report(j, "badTimeout", api->wait_readable(rt, j->fd, -2));
      Report(j, "minTimeout", api->wait_readable(rt, j->fd, INT64_MIN));
      Report(j, "badFd", api->wait_readable(rt, -1, 0));
      Report(j, "nullFn", static_cast<double>(api->spawn(rt, nullptr, nullptr, nullptr)));
      Report(j, "nullRt", api->yield(nullptr));
      Report(j, "yield", api->yield(rt));
      break;
    }
    case 5:  // yields n times, then reports
      Yielder(j);
      Report(j, "yielded", j->a);
      break;
    case 6: {  // waits n times on an fd that stays readable, each wait with a long timeout
      int failures = 0;
      for (int i = 0; i < static_cast<int>(j->a); i++) failures += api->wait_readable(rt, j->fd, 60000) != 0;
      Report(j, "waited", failures);
      break;
    }
    case 7: {  // call_js on channel `a` (another runtime's, say): its status, told on our own
      ferrite_fiber_value v = Str("other");
      Report(j, "other", api->call_js(rt, static_cast<uint32_t>(j->a), &v, 1, nullptr));
      break;
    }
    case 8:  // returns at once; its cleanup re-enters the table (ReenteringCleanup)
      break;
    case 9:  // sleeps until the runtime closes; its cleanup re-enters the table
    case 10:  // sleeps until the runtime closes; its cleanup says so on stderr (LoudCleanup)
      api->sleep(rt, UINT64_MAX);
      break;
    case 11:  // waits on fd with no timeout; its cleanup says so on stderr
      api->wait_readable(rt, j->fd, FERRITE_FIBER_NO_TIMEOUT);
      break;
    case 12:  // returns at once; its cleanup throws a C++ exception (ThrowingCleanup)
      break;
    case 13: {  // the fiber-only entries called with another runtime's rt, from a fiber of ours
      ferrite_fiber_runtime* other = j->other.rt;
      Report(j, "yield", api->yield(other));
      Report(j, "sleep", api->sleep(other, 0));
      Report(j, "wait", api->wait_readable(other, j->fd, 0));
      Report(j, "callJs", api->call_js(other, j->channel, nullptr, 0, nullptr));
      Report(j, "current", static_cast<double>(api->current(other)));
      break;
    }
  }
}

void Cleanup(void* arg) {
  g_cleanups++;
  delete static_cast<Job*>(arg);
}

// A cleanup seen from outside the process: for runtimes closed as the process or a worker ends.
void LoudCleanup(void* arg) {
  static const char line[] = "probe: cleanup\n";
  (void)!write(STDERR_FILENO, line, sizeof line - 1);
  Cleanup(arg);
}

// Breaks the header's rule: a C++ exception leaving a cleanup (the process must end, saying why).
void ThrowingCleanup(void* arg) {
  Cleanup(arg);
  throw std::runtime_error("a cleanup that throws");
}

// Spawns a fiber that yields n times: its id, or -errno (then nothing is left behind).
int64_t SpawnYielder(const ferrite_fibers_handle& h, int n) {
  auto* j = new Job{h, 0, 5, -1, static_cast<double>(n), static_cast<uint64_t>(n), ""};
  int64_t id = h.api->spawn(h.rt, Yielder, j, Cleanup);
  if (id < 0) delete j;
  return id;
}

// A cleanup that calls every entry of the table (on the scheduler's stack, or on the closing
// thread), then spawns a yielder; what each said goes to g_cleanupCalls.
void ReenteringCleanup(void* arg) {
  auto* j = static_cast<Job*>(arg);
  const ferrite_fibers_api* api = j->h.api;
  ferrite_fiber_runtime* rt = j->h.rt;
  int64_t spawned = SpawnYielder(j->h, 3);
  double seen[] = {static_cast<double>(api->current(rt)), static_cast<double>(api->yield(rt)), static_cast<double>(api->sleep(rt, 1)),
                   static_cast<double>(api->wait_readable(rt, 0, 0)), static_cast<double>(api->call_js(rt, j->channel, nullptr, 0, nullptr)),
                   static_cast<double>(spawned)};
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    g_cleanupCalls.insert(g_cleanupCalls.end(), std::begin(seen), std::end(seen));
  }
  Cleanup(arg);
}

// ---- the N-API side ----

napi_value Int(napi_env env, double d) {
  napi_value v;
  napi_create_double(env, d, &v);
  return v;
}

napi_value Array(napi_env env, const double* values, size_t n) {
  napi_value array;
  napi_create_array_with_length(env, n, &array);
  for (size_t i = 0; i < n; i++) napi_set_element(env, array, static_cast<uint32_t>(i), Int(env, values[i]));
  return array;
}

// The call's first `n` arguments (missing ones undefined).
void Args(napi_env env, napi_callback_info info, size_t n, napi_value* argv) {
  size_t argc = n;
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  for (size_t i = argc; i < n; i++) napi_get_undefined(env, &argv[i]);
}

// The handle in the call's first argument, or false.
bool Handle(napi_env env, napi_callback_info info, ferrite_fibers_handle* h) {
  napi_value argv[1];
  Args(env, info, 1, argv);
  return ferrite_fibers_import(env, argv[0], h) == 0;
}

double Number(napi_env env, napi_value v) {
  double d = 0;
  napi_get_value_double(env, v, &d);
  return d;
}

// spawn(handle, channel, kind, fd, a: number | bigint, text, other?) -> the fiber's id or -errno
napi_value Spawn(napi_env env, napi_callback_info info) {
  napi_value argv[7];
  Args(env, info, 7, argv);
  ferrite_fibers_handle h;
  int err = ferrite_fibers_import(env, argv[0], &h);
  if (err != 0) return Int(env, err);
  napi_valuetype type;
  napi_typeof(env, argv[4], &type);
  double a = 0;
  uint64_t raw = 0;
  bool lossless;
  if (type == napi_bigint) {
    napi_get_value_bigint_uint64(env, argv[4], &raw, &lossless);
    a = static_cast<double>(static_cast<int64_t>(raw));
  } else {
    a = Number(env, argv[4]);
    raw = static_cast<uint64_t>(static_cast<int64_t>(a));
  }
  char text[256] = "";
  size_t len = 0;
  napi_get_value_string_utf8(env, argv[5], text, sizeof text, &len);
  int kind = static_cast<int>(Number(env, argv[2]));
  auto* j = new Job{h, static_cast<uint32_t>(Number(env, argv[1])), kind, static_cast<int>(Number(env, argv[3])), a, raw, std::string(text, len)};
  if (ferrite_fibers_import(env, argv[6], &j->other) != 0) j->other = {};
  ferrite_fiber_cleanup_fn cleanup = kind == 8 || kind == 9 ? ReenteringCleanup : kind == 10 || kind == 11 ? LoudCleanup
                                     : kind == 12                ? ThrowingCleanup
                                                                 : Cleanup;
  int64_t id = h.api->spawn(h.rt, Body, j, cleanup);
  if (id < 0) delete j;
  return Int(env, static_cast<double>(id));
}

// importCode(value) -> ferrite_fibers_import's result
napi_value ImportCode(napi_env env, napi_callback_info info) {
  ferrite_fibers_handle h;
  napi_value argv[1];
  Args(env, info, 1, argv);
  return Int(env, ferrite_fibers_import(env, argv[0], &h));
}

// Every table entry but spawn, called with h on this stack and thread: [yield, wait_readable,
// wait_writable, sleep, call_js, current].
napi_value CallAll(napi_env env, const ferrite_fibers_handle& h) {
  double results[6] = {
      static_cast<double>(h.api->yield(h.rt)),        static_cast<double>(h.api->wait_readable(h.rt, 0, 0)),
      static_cast<double>(h.api->wait_writable(h.rt, 1, 0)), static_cast<double>(h.api->sleep(h.rt, 1)),
      static_cast<double>(h.api->call_js(h.rt, 1, nullptr, 0, nullptr)), static_cast<double>(h.api->current(h.rt)),
  };
  return Array(env, results, 6);
}

// outsideFiber(handle) -> CallAll on the main stack (every one refused, current 0).
napi_value OutsideFiber(napi_env env, napi_callback_info info) {
  ferrite_fibers_handle h;
  return Handle(env, info, &h) ? CallAll(env, h) : nullptr;
}

// tableInfo(handle) -> [version, size]
napi_value TableInfo(napi_env env, napi_callback_info info) {
  ferrite_fibers_handle h;
  if (!Handle(env, info, &h)) return nullptr;
  double values[2] = {static_cast<double>(h.api->version), static_cast<double>(h.api->size)};
  return Array(env, values, 2);
}

// fromAnotherThread(handle) -> what spawn says when called from a thread that does not own the
// runtime (the thread is joined before returning).
napi_value FromAnotherThread(napi_env env, napi_callback_info info) {
  ferrite_fibers_handle h;
  if (!Handle(env, info, &h)) return nullptr;
  int64_t result = 0;
  std::thread t([&] { result = SpawnYielder(h, 1); });
  t.join();
  return Int(env, static_cast<double>(result));
}

// keep(handle): the C struct, copied into a global (what a careless addon does).
napi_value Keep(napi_env env, napi_callback_info info) {
  if (!Handle(env, info, &g_kept)) g_kept = {};
  return nullptr;
}

// useKept() -> [spawn, ...CallAll] with the kept handle, from the calling thread.
napi_value UseKept(napi_env env, napi_callback_info) {
  double spawned = static_cast<double>(SpawnYielder(g_kept, 1));
  napi_value all = CallAll(env, g_kept);
  napi_value array;
  napi_create_array(env, &array);
  napi_set_element(env, array, 0, Int(env, spawned));
  for (uint32_t i = 0; i < 6; i++) {
    napi_value v;
    napi_get_element(env, all, i, &v);
    napi_set_element(env, array, i + 1, v);
  }
  return array;
}

// foreignExternal(kind) -> an External that is not a good handle: 0 untagged, 1 tagged by
// someone else, 2 ferrite's tag with a table of another major version, 3 with a shorter table,
// 4 with a NULL table, 5 with NULL data.
napi_value ForeignExternal(napi_env env, napi_callback_info info) {
  static ferrite_fibers_api otherVersion = {FERRITE_FIBERS_API_VERSION + 1, sizeof(ferrite_fibers_api), nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
  static ferrite_fibers_api shorter = {FERRITE_FIBERS_API_VERSION, sizeof(ferrite_fibers_api) - sizeof(void*), nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
  static ferrite_fibers_handle handles[] = {{&otherVersion, nullptr}, {&otherVersion, nullptr}, {&otherVersion, nullptr}, {&shorter, nullptr}, {nullptr, nullptr}};
  static const napi_type_tag otherTag = {1, 2};
  napi_value argv[1];
  Args(env, info, 1, argv);
  int kind = static_cast<int>(Number(env, argv[0]));
  napi_value external;
  napi_create_external(env, kind == 5 ? nullptr : &handles[kind], nullptr, nullptr, &external);
  if (kind == 1) napi_type_tag_object(env, external, &otherTag);
  if (kind >= 2) napi_type_tag_object(env, external, &FERRITE_FIBERS_HANDLE_TAG);
  return external;
}

napi_value Cleanups(napi_env env, napi_callback_info) { return Int(env, g_cleanups.load()); }

// cleanupCalls() -> what re-entering cleanups saw since the last call, 6 numbers each:
// [current, yield, sleep, wait_readable, call_js, spawn].
napi_value CleanupCalls(napi_env env, napi_callback_info) {
  std::lock_guard<std::mutex> lock(g_mutex);
  napi_value array = Array(env, g_cleanupCalls.data(), g_cleanupCalls.size());
  g_cleanupCalls.clear();
  return array;
}

}  // namespace

NAPI_MODULE_INIT() {
  const struct {
    const char* name;
    napi_callback cb;
  } fns[] = {{"spawn", Spawn},     {"importCode", ImportCode}, {"outsideFiber", OutsideFiber}, {"tableInfo", TableInfo},
             {"cleanups", Cleanups}, {"fromAnotherThread", FromAnotherThread}, {"keep", Keep}, {"useKept", UseKept},
             {"foreignExternal", ForeignExternal}, {"cleanupCalls", CleanupCalls}};
  for (const auto& f : fns) {
    napi_value fn;
    napi_create_function(env, f.name, NAPI_AUTO_LENGTH, f.cb, nullptr, &fn);
    napi_set_named_property(env, exports, f.name, fn);
  }
  return exports;
}
