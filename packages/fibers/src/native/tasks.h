// The native tasks shipped with the package, spawnable from JavaScript by name.
#pragma once

#include "runtime.h"

namespace ferrite {

struct TaskData {
  Runtime* rt = nullptr;
  double n = 0;     // a count, a depth, milliseconds, ... (task-specific; >= 0, may be +Infinity)
  int fd = -1;
  void* shared = nullptr;  // state shared by a pair (ping-pong)
};

// What the two fibers of a ping-pong pair share.
struct PingPongShared {
  int64_t count = 0;
  int finished = 0;
};

// What a task's n means, which decides what the addon accepts for it (fd is -1 unless kFd).
enum class TaskArg {
  kCount,  // an integer from 0 to 2^53 - 1 (also for tasks that ignore n)
  kMs,     // a duration: any number >= 0, +Infinity included (sleeps saturate)
  kFd,     // n is ignored; fd is a non-negative, non-blocking fd
  kDepth,  // a recursion depth: an integer up to RecurseDepthLimit(stackSize)
};

// The rule for every task body: a loop yields, waits or calls JavaScript on each iteration (or
// at least every few microseconds). Fibers are not preempted: a body that loops without
// switching keeps the thread, starves the other fibers, and leaves run() no chance to notice a
// worker's terminate() (its check runs between switches), so the process could not exit.

// A shipped task: its body, what n means, how many fibers one spawn starts (all or none).
struct TaskSpec {
  ferrite_fiber_fn fn = nullptr;
  TaskArg arg = TaskArg::kCount;
  int fibers = 1;
};

// The task at `index` of the table, or one with a null body past its end. The names and the
// arguments' JavaScript shapes live in TypeScript (src/tasks.ts), which spawns by index.
TaskSpec TaskAt(size_t index);
size_t TaskCount();

// The bytes one level of the `recurse` task takes on the stack, measured once (more than its
// 512-byte array: return address, saved registers, alignment, sanitizer redzones).
size_t RecurseFrameBytes();
// The deepest `recurse` a stack of stackSize bytes holds with room to spare: every depth up to
// this one runs; the addon refuses deeper ones.
double RecurseDepthLimit(size_t stackSize);

}  // namespace ferrite
