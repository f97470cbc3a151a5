/*
 * ferrite fibers: stackful coroutines for native code, from other addons.
 *
 * A runtime is created from JavaScript (new FiberRuntime()); `runtime.nativeHandle()` returns it
 * as an External holding a `ferrite_fiber_runtime*`. Fibers run native functions only: never
 * call into JavaScript (N-API included) from a fiber. V8 scans only the stacks it knows, so JS
 * frames on a fiber stack would be invisible to its garbage collector.
 *
 * All functions must be called on the thread that owns the runtime; the wait/yield/sleep
 * functions only from inside a fiber of that runtime.
 */
#ifndef FERRITE_FIBERS_H
#define FERRITE_FIBERS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ferrite_fiber_runtime ferrite_fiber_runtime;
typedef void (*ferrite_fiber_fn)(void* arg);

/* Starts fn(arg) as a new fiber; returns its id (> 0) or a negative errno (-EAGAIN: maxFibers,
 * -EBADF: the runtime is closed, -ENOMEM: no stack). */
int64_t ferrite_fiber_spawn(ferrite_fiber_runtime* rt, ferrite_fiber_fn fn, void* arg);

/* Gives the other ready fibers a turn (round-robin). */
void ferrite_fiber_yield(ferrite_fiber_runtime* rt);

/* Parks the current fiber until fd is readable / writable (or has an error). 0 or -errno. */
int ferrite_fiber_wait_readable(ferrite_fiber_runtime* rt, int fd);
int ferrite_fiber_wait_writable(ferrite_fiber_runtime* rt, int fd);

/* Parks the current fiber for at least ms milliseconds. Saturating: a deadline beyond what the
 * 64-bit nanosecond clock can express (UINT64_MAX included) never comes. */
void ferrite_fiber_sleep(ferrite_fiber_runtime* rt, uint64_t ms);

/* The id of the running fiber (0 when called outside any fiber). */
int64_t ferrite_fiber_current(ferrite_fiber_runtime* rt);

#ifdef __cplusplus
}
#endif

#endif
