// Shipped tasks. Each is plain native code running on a fiber stack; anything that needs
// JavaScript goes through Runtime::CallJs, which switches to the scheduler to make the call.
#include "tasks.h"

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstring>

namespace ferrite {

namespace {

TaskData* Data(void* arg) { return static_cast<TaskData*>(arg); }

// d->n as a count: huge values (up to +Infinity) saturate instead of an undefined conversion.
int64_t Count(double n) { return n >= 9.2e18 ? INT64_MAX : static_cast<int64_t>(n); }

// The book's counter: counts to n, reporting each step to JS (slot 0) and yielding after it.
void Counter(void* arg) {
  TaskData* d = Data(arg);
  int64_t id = d->rt->current()->id;
  for (int64_t i = 0, n = Count(d->n); i < n; i++) {
    d->rt->CallJs(0, {static_cast<double>(id), static_cast<double>(i)});
    d->rt->Yield();
  }
}

// One of a ping-pong pair: both bump a shared counter and yield, n rounds each; the last one
// reports the shared total (slot 0).
void PingPong(void* arg) {
  TaskData* d = Data(arg);
  auto* shared = static_cast<PingPongShared*>(d->shared);
  for (int64_t i = 0, n = Count(d->n); i < n; i++) {
    shared->count++;
    d->rt->Yield();
  }
  if (++shared->finished == 2) d->rt->CallJs(0, {static_cast<double>(shared->count)});
}

// Sleeps n ms on the runtime's timer, then reports how long it really slept (slot 0). A
// fraction of a millisecond rounds up (never sleeps less); beyond 2^53 ms (+Infinity included),
// a deadline no clock reaches: the fiber sleeps until the runtime closes.
void Sleeper(void* arg) {
  TaskData* d = Data(arg);
  timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  d->rt->Sleep(d->n >= 9007199254740992.0 ? UINT64_MAX : static_cast<uint64_t>(std::ceil(d->n)));
  clock_gettime(CLOCK_MONOTONIC, &b);
  double ms = static_cast<double>(b.tv_sec - a.tv_sec) * 1e3 + static_cast<double>(b.tv_nsec - a.tv_nsec) / 1e6;
  d->rt->CallJs(0, {ms});
}

// Reads a non-blocking fd to EOF, waiting with waitReadable and yielding every 16 reads in a
// row; reports (bytes, waits) or (-errno, waits) on failure (slot 0). A blocking read would
// stall every fiber and the thread, so an fd switched to blocking mode after the spawn check is
// reported as -EINVAL, not read.
void FdReader(void* arg) {
  TaskData* d = Data(arg);
  char buf[4096];
  double total = 0;
  double waits = 0;
  constexpr int kReadsPerTurn = 16;
  int reads = 0;  // since the fiber last switched away
  for (;;) {
    // Only after the fiber ran again (the first read, or after a yield or a wait): nothing else
    // can change the fd's flags while this fiber holds the thread, so not once per 4 KiB.
    int flags = reads == 0 ? fcntl(d->fd, F_GETFL) : O_NONBLOCK;
    if (flags < 0 || !(flags & O_NONBLOCK)) {
      total = flags < 0 ? -errno : -EINVAL;
      break;
    }
    ssize_t n = read(d->fd, buf, sizeof buf);
    if (n > 0) {
      total += static_cast<double>(n);
      // An fd that never runs dry (/dev/zero, a fast writer) must not keep the thread: after
      // kReadsPerTurn reads in a row (64 KiB) the reader yields, so the other fibers get their
      // turn and run() its termination check. Less than that is drained in one turn.
      if (++reads == kReadsPerTurn) {
        reads = 0;
        d->rt->Yield();
      }
      continue;
    }
    if (n == 0) break;
    if (errno == EINTR) continue;
    if (errno != EAGAIN) {
      total = -errno;
      break;
    }
    waits++;
    reads = 0;
    int r = d->rt->WaitFd(d->fd, 0x001 /* EPOLLIN */ | 0x2000 /* EPOLLRDHUP */, -1);
    if (r < 0) {
      total = r;
      break;
    }
  }
  d->rt->CallJs(0, {total, waits});
}

void YieldTrampoline(void* rt) { static_cast<Runtime*>(rt)->Yield(); }

// Sets every callee-saved register (and MXCSR/x87 control) to known values, yields to the other
// fibers, and reports the mask of what did not survive (slot 0): 0 means all preserved.
void Registers(void* arg) {
  TaskData* d = Data(arg);
  uint64_t mask = ferrite_check_callee_saved(YieldTrampoline, d->rt);
  d->rt->CallJs(0, {static_cast<double>(mask)});
}

// Clobbers the same registers with other values between yields (the adversary of Registers).
void Clobber(void* arg) {
  TaskData* d = Data(arg);
  for (int64_t i = 0, n = Count(d->n); i < n; i++) {
#if defined(__x86_64__)
    uint32_t mxcsr = 0x1f80 | (static_cast<uint32_t>(i & 3) << 13);
    uint16_t fcw = 0x037f;
    __asm__ volatile("ldmxcsr %0\n\tfldcw %1" : : "m"(mxcsr), "m"(fcw));
    __asm__ volatile(
        "movq $-1, %%rbx\n\tmovq $-2, %%r12\n\tmovq $-3, %%r13\n\tmovq $-4, %%r14\n\tmovq $-5, %%r15" ::
            : "rbx", "r12", "r13", "r14", "r15");
#elif defined(__aarch64__)
    __asm__ volatile("mov x19, #1\n\tmov x20, #2\n\tmov x28, #3\n\tfmov d8, #1.0\n\tfmov d15, #2.0" ::
                         : "x19", "x20", "x28", "d8", "d15");
#endif
    d->rt->Yield();
  }
}

// Recursion n levels deep, each frame holding 512 bytes it really uses: proves the stack holds
// deep call chains (reports a checksum so nothing is optimised away). A frame takes more than
// its 512-byte array (return address, saved registers, alignment, ASan's redzones): `stride`,
// when given, receives the real size of one level, measured (see RecurseFrameBytes). Never
// cloned or inlined, so the measured function is the one that runs.
#if defined(__clang__)
#define FERRITE_NO_CLONE
#else
#define FERRITE_NO_CLONE __attribute__((noclone))
#endif
__attribute__((noinline)) FERRITE_NO_CLONE double Recurse(int depth, volatile char* above, uintptr_t* stride) {
  volatile char frame[512];
  for (int i = 0; i < 512; i += 64) frame[i] = static_cast<char>(depth + i);
  if (depth == 0) {
    if (stride != nullptr) *stride = reinterpret_cast<uintptr_t>(above) - reinterpret_cast<uintptr_t>(&frame[0]);
    return static_cast<double>(frame[0] + (above != nullptr ? above[0] : 0));
  }
  return Recurse(depth - 1, frame, stride) + frame[64];
}

void DeepRecursion(void* arg) {
  TaskData* d = Data(arg);
  // The addon accepts at most RecurseDepthLimit(stackSize) levels, which fit.
  double sum = Recurse(static_cast<int>(std::min<int64_t>(Count(d->n), INT_MAX)), nullptr, nullptr);
  d->rt->CallJs(0, {sum});
}

// Recurses forever: the guard page stops it (for the overflow test, in a child process).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winfinite-recursion"
__attribute__((noinline)) int Forever(volatile char* above) {
  volatile char frame[256];
  frame[0] = above != nullptr ? above[0] : 1;
  return Forever(frame) + frame[0];
}
#pragma GCC diagnostic pop

void Overflow(void*) { (void)Forever(nullptr); }

// The book's b-show-stack: puts a recognisable pattern in its frame and yields, so the JS side
// can print the stack bytes around the saved stack pointer; then reports (slot 0).
void ShowStack(void* arg) {
  TaskData* d = Data(arg);
  volatile uint64_t marker[4] = {0xDEADBEEFCAFEBABEull, 0x0123456789ABCDEFull, 0xFEEDFACEull, 0x42};
  d->rt->Yield();
  d->rt->CallJs(0, {static_cast<double>(marker[3])});
}

void Noop(void*) {}

// Yields n times (for many-fiber tests: every fiber is live at once).
void Yielder(void* arg) {
  TaskData* d = Data(arg);
  for (int64_t i = 0, n = Count(d->n); i < n; i++) d->rt->Yield();
}

}  // namespace

size_t RecurseFrameBytes() {
  // Two levels on this thread's stack: the distance between their arrays is one level's frame.
  // A result out of reason (ASan's fake stacks put frames on the heap) falls back to 1 KiB.
  static const size_t bytes = [] {
    uintptr_t stride = 0;
    (void)Recurse(1, nullptr, &stride);
    return stride >= 512 && stride <= 4096 ? static_cast<size_t>(stride) : size_t{1024};
  }();
  return bytes;
}

double RecurseDepthLimit(size_t stackSize) {
  // Kept free for what sits below the first level: the fiber's entry frames, DeepRecursion's,
  // and a signal frame if a signal lands on the fiber's stack (~3.5 KiB with AVX-512 state).
  constexpr size_t kReserve = 8 * 1024;
  // Per level: the measured frame plus a margin.
  size_t perLevel = RecurseFrameBytes() + 64;
  return stackSize <= kReserve ? 0 : static_cast<double>((stackSize - kReserve) / perLevel);
}

namespace {

// In the order of src/tasks.ts's table (its `index`); test/63.task-table.test.ts checks the two
// agree (count, argument kind, fibers per spawn).
const TaskSpec kTasks[] = {
    {Counter},                        // 0 counter
    {PingPong, TaskArg::kCount, 2},   // 1 pingpong
    {Sleeper, TaskArg::kMs},          // 2 sleeper
    {FdReader, TaskArg::kFd},         // 3 fdReader
    {ShowStack},                      // 4 showStack
    {Registers},                      // 5 registers   (the rest: @ferrite/fibers/testing)
    {Clobber},                        // 6 clobber
    {DeepRecursion, TaskArg::kDepth}, // 7 recurse
    {Overflow},                       // 8 overflow
    {Noop},                           // 9 noop
    {Yielder},                        // 10 yielder
};

}  // namespace

TaskSpec TaskAt(size_t index) { return index < TaskCount() ? kTasks[index] : TaskSpec{}; }

size_t TaskCount() { return sizeof kTasks / sizeof kTasks[0]; }

}  // namespace ferrite
