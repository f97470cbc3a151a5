/*
 * ferrite fibers: stackful coroutines for native code, used from another Node addon.
 *
 * Fiber bodies are C/C++ functions that run on their own stacks and wait on sockets and timers
 * in straight-line code; a runtime (`new FiberRuntime()` in JavaScript, package @ferrite/fibers)
 * schedules them on the thread that made it. This header is all a consumer addon needs: there is
 * no link-time dependency on ferrite_fibers.node (Node loads addons with local symbol scope, so
 * its symbols could not be resolved anyway). The functions are handed over at run time as a
 * versioned table, the way NumPy hands its C API to other extensions:
 *
 *   JavaScript:  myAddon.start(runtime.nativeHandle(), runtime.channel(onReport), ...)
 *   C:           ferrite_fibers_handle h;
 *                if (ferrite_fibers_import(env, argv[0], &h) != 0) { throw a TypeError }
 *                h.api->spawn(h.rt, body, arg, cleanup);
 *
 * `runtime.nativeHandle()` returns an External tagged as ferrite's (FERRITE_FIBERS_HANDLE_TAG),
 * whose data is a ferrite_fibers_handle: the table and the runtime. The table is immutable and
 * shared by every runtime, environment and worker thread of the process; a runtime belongs to the
 * thread that made it. Build files find this header through the package's `includeDir` export.
 *
 * THE RULES
 *
 * 1. Never JavaScript on a fiber stack. A fiber body must not call N-API (napi_*, Napi::*) nor
 *    anything that may run JavaScript: V8 scans only the stacks it knows, so JS frames parked on
 *    a fiber stack corrupt its heap at the next garbage collection. To reach JavaScript, a fiber
 *    calls `call_js`: it switches to the scheduler, which calls a JS function on the main stack
 *    with the values the fiber gave, and resumes the fiber with the function's result.
 * 2. Threads. Every function is called on the thread that owns the runtime. `spawn` and
 *    `current` may be called from anywhere on that thread; `yield`, `wait_*`, `sleep` and
 *    `call_js` only from inside a fiber of that runtime (elsewhere they return -EPERM and do
 *    nothing). From any other thread (a worker that got hold of the C struct) every function
 *    returns -EPERM (`current` 0) before reading anything of the runtime; `rt` must still be live
 *    memory (rule 3), which another thread cannot ensure: do not hand `rt` across threads.
 * 3. Lifetimes.
 *    - A body that returns ends its fiber; then cleanup(arg) runs (on the scheduler's stack).
 *    - When the runtime closes (`runtime.close()`, the FiberRuntime garbage-collected, the
 *      environment or worker thread ending) while fibers are unfinished, those fibers are never
 *      resumed: their stacks are unmapped as they stand, with no unwinding (no C++ destructor on
 *      a fiber stack runs), and then each one's cleanup(arg) is called, on the closing thread,
 *      not on a fiber, with no JavaScript allowed. So everything a body owns (sockets, buffers)
 *      must be reachable from `arg` and released by `cleanup`: that is the one release path for
 *      both endings. cleanup is called exactly once per spawned fiber (if not NULL). It may
 *      call the table: `spawn` works after a body returned (the finished fiber no longer counts
 *      toward maxFibers) and is -EBADF while the runtime closes; the fiber-only functions say
 *      -EPERM (no fiber runs) or -EBADF.
 *    - Bodies and cleanups are C: a C++ exception that leaves one ends the process
 *      (std::terminate, nothing can catch it across a fiber switch). Catch inside.
 *    - `rt` stays valid memory as long as the External from nativeHandle() (or the FiberRuntime)
 *      is alive; keep a napi_ref to the External if you keep `rt` beyond the call that got it.
 *      After close, spawn returns -EBADF and the rest return -EBADF or do nothing.
 * 4. JavaScript that throws. When the function behind a channel throws (or returns something
 *    that is not undefined, null, a boolean, a number, a string or a Uint8Array), `call_js`
 *    returns FERRITE_FIBER_THREW and the result is the error's message as a string; the run goes
 *    on and the fiber decides what to do. When JavaScript cannot run at all any more (a worker
 *    being terminated), the fiber is not resumed: the run stops and the runtime closes (rule 3).
 * 5. Fibers are not preempted: a loop must yield, wait or call JavaScript on every iteration.
 *
 * ERRORS are negative errno values: -EBADF (runtime closed), -EPERM (not in a fiber of this
 * runtime, or not its thread), -EAGAIN (spawn beyond maxFibers), -ENOMEM (no stack), -ETIMEDOUT
 * (a wait's timeout passed), -EINVAL (a bad argument, a NULL rt included), -ENOENT (no such
 * channel in this runtime), -EEXIST (another fiber already waits on that fd: one waiter per fd),
 * or what epoll_ctl says about the fd (-EPERM for a regular file, -EBADF for a closed or
 * out-of-range fd).
 *
 * FDS. Closing an fd while a fiber waits on it does not wake that fiber (epoll forgets closed
 * files): it waits until its timeout, or forever without one. Wake or end the waiter first.
 */
#ifndef FERRITE_FIBERS_H
#define FERRITE_FIBERS_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include <node_api.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The table's major version: it changes only when the table changes incompatibly. Additions are
 * appended and show in `size`, so a consumer built against an older header keeps working. */
#define FERRITE_FIBERS_API_VERSION 1

/* At most this many values per call_js. */
#define FERRITE_FIBER_MAX_VALUES 16

/* call_js's status when the JavaScript function threw (or returned an unusable value). */
#define FERRITE_FIBER_THREW 1

/* Wait forever (no timeout) in wait_readable / wait_writable. */
#define FERRITE_FIBER_NO_TIMEOUT (-1)

typedef struct ferrite_fiber_runtime ferrite_fiber_runtime;
typedef void (*ferrite_fiber_fn)(void* arg);
typedef void (*ferrite_fiber_cleanup_fn)(void* arg);

/* A value crossing to or from JavaScript. */
typedef enum ferrite_fiber_value_type {
  FERRITE_VALUE_UNDEFINED = 0, /* undefined (from JS: undefined or null) */
  FERRITE_VALUE_NUMBER = 1,    /* `number` (from JS: a number, or a boolean as 0/1) */
  FERRITE_VALUE_STRING = 2,    /* `data`/`length`: UTF-8, not NUL-terminated going to JS */
  FERRITE_VALUE_BYTES = 3      /* `data`/`length`: a Uint8Array (a Buffer) in JS */
} ferrite_fiber_value_type;

typedef struct ferrite_fiber_value {
  int32_t type; /* a ferrite_fiber_value_type */
  double number;
  const char* data;
  size_t length;
} ferrite_fiber_value;

typedef struct ferrite_fibers_api {
  uint32_t version; /* FERRITE_FIBERS_API_VERSION of the runtime that made the table */
  uint32_t size;    /* sizeof(ferrite_fibers_api) as that runtime was built */

  /* Starts fn(arg) as a new fiber (it runs at the runtime's next turn); returns its id (> 0) or
   * -EBADF, -EPERM, -EAGAIN, -ENOMEM, -EINVAL (fn NULL). When it fails, nothing is spawned and
   * cleanup is NOT called: arg is still the caller's. */
  int64_t (*spawn)(ferrite_fiber_runtime* rt, ferrite_fiber_fn fn, void* arg, ferrite_fiber_cleanup_fn cleanup);

  /* Gives the other ready fibers a turn (round-robin). 0 or -EPERM. */
  int (*yield)(ferrite_fiber_runtime* rt);

  /* Parks the fiber until fd is readable (or at EOF, or in error) / writable, or until
   * timeout_ms milliseconds passed (FERRITE_FIBER_NO_TIMEOUT: no limit; 0: only if ready now;
   * another negative value: -EINVAL; INT64_MAX, like any timeout past 2^64 ns, never ends). 0 when
   * ready, else -ETIMEDOUT or another -errno. Readiness is a hint: do the non-blocking call and
   * wait again on EAGAIN. The fd must be non-blocking; one waiter per fd at a time. */
  int (*wait_readable)(ferrite_fiber_runtime* rt, int fd, int64_t timeout_ms);
  int (*wait_writable)(ferrite_fiber_runtime* rt, int fd, int64_t timeout_ms);

  /* Parks the fiber for at least ms milliseconds (UINT64_MAX, or any ms past 2^64 ns: until the
   * runtime closes; a blocking run() left with only such sleepers throws ERR_FIBERS_DEADLOCK in
   * JavaScript rather than block its thread for good). 0 or -EPERM. */
  int (*sleep)(ferrite_fiber_runtime* rt, uint64_t ms);

  /* The running fiber's id, 0 outside any fiber of rt. */
  int64_t (*current)(ferrite_fiber_runtime* rt);

  /* Calls the JavaScript function registered as `channel` (runtime.channel(fn) in JS) with
   * (fiberId, ...values) on the main stack, and resumes this fiber with its result in *result
   * (may be NULL). Strings and bytes in *result stay valid until this fiber's next call_js or its
   * end. Returns 0 (the function returned), FERRITE_FIBER_THREW (it threw: *result is the
   * message), -ENOENT (no such channel in rt: channel ids are unique in the process, so another
   * runtime's id is -ENOENT too), -EINVAL (nvalues > FERRITE_FIBER_MAX_VALUES, a bad type, a NULL
   * data with a length, a length above PTRDIFF_MAX: a negative count cast to size_t, never read
   * as "up to a NUL"; or a value too large for JavaScript), -EPERM. */
  int (*call_js)(ferrite_fiber_runtime* rt, uint32_t channel, const ferrite_fiber_value* values, size_t nvalues,
                 ferrite_fiber_value* result);
} ferrite_fibers_api;

/* The data of the External that runtime.nativeHandle() returns. */
typedef struct ferrite_fibers_handle {
  const ferrite_fibers_api* api;
  ferrite_fiber_runtime* rt;
} ferrite_fibers_handle;

/* The N-API type tag on that External: nothing else is read as a handle. */
static const napi_type_tag FERRITE_FIBERS_HANDLE_TAG = {0x6665727269746566ull, 0x6669626572732e68ull};

/* Reads a runtime.nativeHandle() External into *out. Returns 0; -EINVAL if the value is not such
 * an External; -ENOTSUP if the table is of another major version or shorter than this header's
 * (the installed @ferrite/fibers does not match the one this addon was built against). Needs
 * NAPI_VERSION >= 8 (type tags). Call it on the main stack, never from a fiber. */
static inline int ferrite_fibers_import(napi_env env, napi_value value, ferrite_fibers_handle* out) {
  napi_valuetype type;
  bool tagged = false;
  void* data = NULL;
  if (napi_typeof(env, value, &type) != napi_ok || type != napi_external) return -EINVAL;
  if (napi_check_object_type_tag(env, value, &FERRITE_FIBERS_HANDLE_TAG, &tagged) != napi_ok || !tagged) return -EINVAL;
  if (napi_get_value_external(env, value, &data) != napi_ok || data == NULL) return -EINVAL;
  const ferrite_fibers_handle* h = (const ferrite_fibers_handle*)data;
  if (h->api == NULL || h->api->version != FERRITE_FIBERS_API_VERSION || h->api->size < sizeof(ferrite_fibers_api)) return -ENOTSUP;
  *out = *h;
  return 0;
}

#ifdef __cplusplus
}
#endif

#endif
