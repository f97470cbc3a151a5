// Switch micro-benchmarks, measured in the same binary: ferrite's switch (with MXCSR/x87), the
// bare minimal switch (general registers only) and glibc's swapcontext (which also saves the
// signal mask with a syscall). Each bounces between two contexts; the result is ns per one-way
// switch.
#include <time.h>
#include <ucontext.h>

#include <cstdint>
#include <vector>

#include "context.h"

namespace ferrite {

namespace {

struct Bench {
  Context main;
  Context fiber;
  ucontext_t umain;
  ucontext_t ufiber;
};

void FullBody(void* arg) {
  auto* b = static_cast<Bench*>(arg);
  for (;;) ferrite_switch(&b->fiber, &b->main);
}

void MinimalBody(void* arg) {
  auto* b = static_cast<Bench*>(arg);
  for (;;) ferrite_switch_minimal(&b->fiber, &b->main);
}

// makecontext passes only int arguments: the Bench pointer travels as two 32-bit halves (no
// global, so benchmarks on several threads at once do not share one).
void UcontextBody(unsigned hi, unsigned lo) {
  auto* b = reinterpret_cast<Bench*>((static_cast<uintptr_t>(hi) << 32) | lo);
  for (;;) swapcontext(&b->ufiber, &b->umain);
}

double NowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

}  // namespace

// kind: 0 = ferrite, 1 = minimal, 2 = swapcontext; iterations >= 1 (checked by the caller).
// Returns ns per one-way switch.
double BenchSwitch(int kind, uint64_t iterations) {
  std::vector<char> stack(64 * 1024);
  Bench b{};
  char* top = stack.data() + stack.size();
  if (kind == 0) InitContext(&b.fiber, top, FullBody, &b, nullptr);
  else if (kind == 1) InitContextMinimal(&b.fiber, top, MinimalBody, &b);
  else {
    getcontext(&b.ufiber);
    b.ufiber.uc_stack.ss_sp = stack.data();
    b.ufiber.uc_stack.ss_size = stack.size();
    b.ufiber.uc_link = nullptr;
    auto p = reinterpret_cast<uintptr_t>(&b);
    // void (*)() is the type makecontext wants; the body really takes the two halves.
    makecontext(&b.ufiber, reinterpret_cast<void (*)()>(UcontextBody), 2, static_cast<unsigned>(p >> 32),
                static_cast<unsigned>(p & 0xffffffffu));
  }
  double t0 = NowNs();
  for (uint64_t i = 0; i < iterations; i++) {
    if (kind == 0) ferrite_switch(&b.main, &b.fiber);
    else if (kind == 1) ferrite_switch_minimal(&b.main, &b.fiber);
    else swapcontext(&b.umain, &b.ufiber);
  }
  double t1 = NowNs();
  // The fiber is left suspended forever; its stack is freed with `stack` (nothing else refers
  // to it).
  return (t1 - t0) / static_cast<double>(2 * iterations);
}

}  // namespace ferrite
