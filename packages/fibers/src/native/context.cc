#include "context.h"

#include <cstdint>
#include <cstring>

namespace ferrite {

#if defined(__x86_64__)

// Initial frame, matching what ferrite_switch pops (addresses grow upwards from sp):
//   sp+0   MXCSR (4 bytes) and x87 control word (2 bytes)
//   sp+8   r15   sp+16 r14 = exit_arg   sp+24 r13 = arg   sp+32 r12 = fn
//   sp+40  rbx   sp+48 rbp = 0
//   sp+56  return address = ferrite_fiber_entry
//   sp+64, sp+72: padding, so that ferrite_fiber_entry starts with rsp % 16 == 0 and its
//   `call` pushes onto a correctly aligned stack, as the ABI wants.
void InitContext(Context* ctx, void* top, FiberBody fn, void* arg, void* exit_arg) {
  auto* sp = reinterpret_cast<uint64_t*>(reinterpret_cast<uintptr_t>(top) & ~uintptr_t{15}) - 10;
  std::memset(sp, 0, 10 * sizeof(uint64_t));
  uint32_t mxcsr;
  uint16_t fcw;
  __asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
  __asm__ volatile("fnstcw %0" : "=m"(fcw));
  // A new fiber starts with the spawner's floating-point control state, minus sticky flags.
  mxcsr &= 0xffc0;
  std::memcpy(reinterpret_cast<char*>(sp), &mxcsr, 4);
  std::memcpy(reinterpret_cast<char*>(sp) + 4, &fcw, 2);
  sp[2] = reinterpret_cast<uint64_t>(exit_arg);
  sp[3] = reinterpret_cast<uint64_t>(arg);
  sp[4] = reinterpret_cast<uint64_t>(fn);
  sp[7] = reinterpret_cast<uint64_t>(&ferrite_fiber_entry);
  ctx->sp = sp;
}

void InitContextMinimal(Context* ctx, void* top, FiberBody fn, void* arg) {
  auto* sp = reinterpret_cast<uint64_t*>(reinterpret_cast<uintptr_t>(top) & ~uintptr_t{15}) - 9;
  std::memset(sp, 0, 9 * sizeof(uint64_t));
  sp[2] = reinterpret_cast<uint64_t>(arg);
  sp[3] = reinterpret_cast<uint64_t>(fn);
  sp[6] = reinterpret_cast<uint64_t>(&ferrite_fiber_entry);
  ctx->sp = sp;
}

#elif defined(__aarch64__)

// Initial 176-byte frame matching ferrite_switch: x19 = fn, x20 = arg, x21 = exit_arg,
// x29 = 0, x30 = ferrite_fiber_entry; sp stays 16-byte aligned.
void InitContext(Context* ctx, void* top, FiberBody fn, void* arg, void* exit_arg) {
  auto* sp = reinterpret_cast<uint64_t*>((reinterpret_cast<uintptr_t>(top) & ~uintptr_t{15}) - 176);
  std::memset(sp, 0, 176);
  sp[0] = reinterpret_cast<uint64_t>(fn);
  sp[1] = reinterpret_cast<uint64_t>(arg);
  sp[2] = reinterpret_cast<uint64_t>(exit_arg);
  sp[11] = reinterpret_cast<uint64_t>(&ferrite_fiber_entry);
  ctx->sp = sp;
}

void InitContextMinimal(Context* ctx, void* top, FiberBody fn, void* arg) {
  auto* sp = reinterpret_cast<uint64_t*>((reinterpret_cast<uintptr_t>(top) & ~uintptr_t{15}) - 96);
  std::memset(sp, 0, 96);
  sp[0] = reinterpret_cast<uint64_t>(fn);
  sp[1] = reinterpret_cast<uint64_t>(arg);
  sp[11] = reinterpret_cast<uint64_t>(&ferrite_fiber_entry);
  ctx->sp = sp;
}

#else
#error "ferrite fibers: unsupported architecture (x86-64 and AArch64 only)"
#endif

}  // namespace ferrite
