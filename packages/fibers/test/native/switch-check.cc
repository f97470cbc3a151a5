// A standalone check of the context switch, without Node: two contexts on their own stacks;
// one sets every callee-saved register, yields to the other, which clobbers them all, and
// checks on return. Built natively or cross-compiled for AArch64 and run under qemu by
// scripts/check-switch.sh.
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <vector>

#include "../../src/native/context.h"

using ferrite::Context;

extern "C" [[noreturn]] void ferrite_fiber_exit_hook(void*) {
  std::puts("a fiber body returned: the exit hook was reached");
  std::exit(0);
}

static Context g_main, g_checker, g_clobber;
static uint64_t g_mask = ~0ull;
static long g_bounces = 0;

static void YieldToClobber(void*) { ferrite_switch(&g_checker, &g_clobber); }

static void Checker(void*) {
  g_mask = ferrite_check_callee_saved(YieldToClobber, nullptr);
  for (int i = 0; i < 100000; i++) ferrite_switch(&g_checker, &g_clobber);  // ping-pong
  ferrite_switch(&g_checker, &g_main);
}

static void Clobber(void*) {
  for (;;) {
#if defined(__x86_64__)
    __asm__ volatile("movq $-1, %%rbx\n\tmovq $-2, %%r12\n\tmovq $-3, %%r13\n\tmovq $-4, %%r14\n\tmovq $-5, %%r15" ::: "rbx", "r12", "r13", "r14", "r15");
#elif defined(__aarch64__)
    __asm__ volatile(
        "mov x19, #1\n\tmov x20, #2\n\tmov x21, #3\n\tmov x22, #4\n\tmov x23, #5\n\tmov x24, #6\n\t"
        "mov x25, #7\n\tmov x26, #8\n\tmov x27, #9\n\tmov x28, #10\n\tfmov d8, #1.0\n\tfmov d15, #2.0" ::
            : "x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28", "d8", "d15");
#endif
    g_bounces++;
    ferrite_switch(&g_clobber, &g_checker);
  }
}

static void Returns(void*) {}

int main() {
  std::vector<char> s1(256 * 1024), s2(256 * 1024), s3(64 * 1024);
  ferrite::InitContext(&g_checker, s1.data() + s1.size(), Checker, nullptr, nullptr);
  ferrite::InitContext(&g_clobber, s2.data() + s2.size(), Clobber, nullptr, nullptr);
  ferrite_switch(&g_main, &g_checker);
  std::printf("callee-saved mask %llu (0 = all preserved), %ld bounces\n", static_cast<unsigned long long>(g_mask), g_bounces);
  if (g_mask != 0 || g_bounces != 100001) return 1;
  // A body that returns lands in the exit hook (the book's guard), which exits 0.
  Context ret;
  ferrite::InitContext(&ret, s3.data() + s3.size(), Returns, nullptr, nullptr);
  ferrite_switch(&g_main, &ret);
  return 2;
}
