// The machine context of a fiber and the assembly switch between two of them.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ferrite {

// A suspended context is nothing but its stack pointer: the switch keeps every callee-saved
// register (and MXCSR/x87 control on x86-64) on the suspended stack itself.
// A fiber body (the C API's ferrite_fiber_fn; not named from the header so that the
// standalone switch check builds without Node's headers).
using FiberBody = void (*)(void* arg);

struct Context {
  void* sp = nullptr;
};

// Prepares `ctx` so that the first switch into it runs fn(arg) on the stack ending at `top`,
// then ferrite_fiber_exit_hook(exit_arg) when fn returns.
void InitContext(Context* ctx, void* top, FiberBody fn, void* arg, void* exit_arg);

// The same for ferrite_switch_minimal (benchmark only: no MXCSR/x87 slot, no d8-d15).
void InitContextMinimal(Context* ctx, void* top, FiberBody fn, void* arg);

}  // namespace ferrite

extern "C" {
void ferrite_switch(ferrite::Context* from, const ferrite::Context* to);
void ferrite_switch_minimal(ferrite::Context* from, const ferrite::Context* to);
void ferrite_fiber_entry();
uint64_t ferrite_check_callee_saved(void (*yield_fn)(void*), void* yield_arg);
// Defined by the scheduler: marks the running fiber of `runtime` finished and switches away.
[[noreturn]] void ferrite_fiber_exit_hook(void* runtime);
}
